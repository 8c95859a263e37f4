package dev.paas.cli.core;

import java.util.List;
import java.util.Map;

/**
 * One entry of a manifest's {@code applications} list, as written (after {@code ((var))}
 * substitution and type checks, before the semantic checks of {@link PushPlanner}). A null
 * field was not in the manifest.
 *
 * @param routes    the {@code route:} values of the {@code routes} list, unparsed
 * @param locations where each attribute was written ({@code "manifest.yml, line 4, column 13"}),
 *                  keyed by attribute name, or {@code routes[i]} for a route; for error messages
 */
public record AppManifest(String name, String path, String memory, Integer instances, String command,
                          Map<String, String> env, List<String> routes, Boolean randomRoute, Boolean noRoute,
                          String healthCheckType, String healthCheckHttpEndpoint, Integer timeout,
                          List<String> buildpacks, Map<String, String> locations) {

    /** Where {@code attribute} was written, for error messages; the manifest name when unknown. */
    public String locationOf(String attribute, String fallback) {
        return locations == null ? fallback : locations.getOrDefault(attribute, fallback);
    }
}
