package dev.paas.pushrules;

import java.util.Map;

/**
 * One entry of an application's {@code processes} list other than {@code type: web} (whose
 * attributes fold into the app): a worker, a clock, any type name Cloud Foundry allows. All
 * process types of an app run from the same image with the app's env; a non-web process has no
 * route. As written (typed, before the value rules); a null field was not written.
 *
 * @param type      the process type, checked by {@link ProcessTypes#problem}
 * @param locations where each attribute was written, keyed by attribute name
 */
public record ProcessManifest(String type, String command, Integer instances, String memory, String diskQuota,
                              String healthCheckType, String healthCheckHttpEndpoint, Integer timeout,
                              Map<String, String> locations) {

    /** Where {@code attribute} was written, for error messages; {@code fallback} when unknown. */
    public String locationOf(String attribute, String fallback) {
        return locations == null ? fallback : locations.getOrDefault(attribute, fallback);
    }
}
