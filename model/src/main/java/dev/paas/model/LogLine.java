package dev.paas.model;

import java.time.Instant;

/**
 * One line of an app's log stream, from any source: {@code APP} (the app's own output, with the
 * instance index), {@code STG} (staging), {@code RTR} (router access log), {@code API} (changes
 * made through the API), {@code CELL} (instance lifecycle). Printed as
 * {@code 2026-11-27T10:00:00.123Z [APP/0] OUT listening on 8080}.
 *
 * @param instance the instance index for APP and CELL lines, else null
 * @param stream   OUT or ERR
 */
public record LogLine(Instant at, String source, Integer instance, String stream, String text) {

    /** The CLI's and the browser's rendering of the line. */
    public String render() {
        String tag = instance == null ? source : source + "/" + instance;
        return at + " [" + tag + "] " + stream + " " + text;
    }
}
