package dev.paas.logdrain.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One log line bound for an app's drains.
 *
 * @param appName    RFC 5424 APP-NAME: who the line is about ({@code space/app})
 * @param sourceType Cloud Foundry's source type: {@code APP/PROC/WEB}, {@code APP/TASK/NAME}, {@code STG}, {@code API}, {@code CELL}, {@code RTR}
 * @param instance   the source instance ({@code 0} for instance index 0), null when none; PROCID is {@code [sourceType/instance]}
 * @param error      the line came from stderr (severity error rather than informational)
 * @param text       the line without its line break
 */
public record DrainLine(Instant at, String appName, String sourceType, String instance, boolean error, String text) {

    public DrainLine {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(sourceType, "sourceType");
        text = text == null ? "" : text;
    }
}
