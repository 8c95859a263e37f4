package dev.paas.pushrules;

import java.util.List;
import java.util.Map;

/**
 * One entry of a manifest's {@code applications} list, as written (after {@code ((var))}
 * substitution, merge keys, a {@code type: web} process folded in, and type checks; before the
 * value rules, which the caller applies with flags merged in). A null field was not written.
 *
 * @param buildpacks  {@code buildpacks:} or singular {@code buildpack:}, unresolved
 * @param routes      the {@code route:} values of the {@code routes} list, unparsed
 * @param hosts       the deprecated {@code host}/{@code hosts}, null when neither is written
 * @param domains     the deprecated {@code domain}/{@code domains}, null when neither is written
 * @param attributes  the attributes as written, in order (for "ignored" lists)
 * @param processes   the {@code processes} entries other than {@code type: web}, in order (never null)
 * @param locations   where each attribute was written ({@code "manifest.yml, line 4, column 13"}),
 *                    keyed by attribute name, {@code routes[i]} for a route and {@link #ENTRY} for the entry
 * @param services    the {@code services:} to bind, in either of Cloud Foundry's forms; null when not written
 * @param processes   the {@code processes:} other than web (web's attributes apply to the app itself)
 * @param docker      {@code docker:} (an image instead of bits), null when not written
 * @param idleTimeout {@code idle-timeout:} (a paas extension: scale to zero), as written; the
 *                    caller reads it with {@link IdleTimeout#parse}
 * @param clones      {@code clones:} (a paas extension): false turns snapshot clones off, so every
 *                    instance boots cold; null when not written (the app's setting stays)
 */
public record AppManifest(String name, String path, String memory, String diskQuota, Integer instances,
                          String command, Map<String, String> env, List<String> routes, Boolean randomRoute,
                          Boolean noRoute, String healthCheckType, String healthCheckHttpEndpoint, Integer timeout,
                          List<String> buildpacks, String stack, List<String> hosts, List<String> domains,
                          Boolean noHostname, List<String> attributes, Map<String, String> locations,
                          List<ServiceBinding> services, List<ProcessManifest> processes, DockerManifest docker,
                          String idleTimeout, Boolean clones) {

    public AppManifest {
        processes = processes == null ? List.of() : List.copyOf(processes);
    }

    /** The key of {@link #locations} for where the entry itself starts. */
    public static final String ENTRY = "-";

    /** An app with only a name: a push from flags alone. */
    public static AppManifest named(String name) {
        return new AppManifest(name, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, List.of(), Map.of(), null, List.of(), null, null, null);
    }

    /** Where {@code attribute} was written, for error messages; {@code fallback} when unknown. */
    public String locationOf(String attribute, String fallback) {
        return locations == null ? fallback : locations.getOrDefault(attribute, fallback);
    }
}
