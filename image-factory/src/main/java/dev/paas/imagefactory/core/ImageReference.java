package dev.paas.imagefactory.core;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Docker/OCI image reference, {@code [registry/]name[:tag][@digest]}, as {@code docker pull}
 * reads it: the first component is a registry when it has a {@code .} or {@code :} or is
 * {@code localhost}; otherwise the registry is Docker Hub and a one-component name gets
 * {@code library/}. No tag and no digest means {@code latest}.
 *
 * @param registry   host[:port] ({@value #DOCKER_HUB} for Docker Hub)
 * @param repository the repository path, lower case ({@code library/busybox})
 * @param tag        the tag, when given or defaulted (empty when only a digest is given)
 * @param digest     {@code sha256:<64 hex>}, when given
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<String> digest) {

    public static final String DOCKER_HUB = "registry-1.docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9.-]+|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?");

    /**
     * @throws IllegalArgumentException saying which part of {@code ref} is wrong
     */
    public static ImageReference parse(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("docker image must not be empty (e.g. registry.example.com/team/app:1.0)");
        }
        String rest = ref.strip();
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            String d = rest.substring(at + 1);
            if (!DIGEST.matcher(d).matches()) {
                throw new IllegalArgumentException("docker image '" + ref + "': digest must be sha256:<64 lower-case hex>, got: " + d);
            }
            digest = Optional.of(d);
            rest = rest.substring(0, at);
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                if (!HOST.matcher(first).matches()) {
                    throw new IllegalArgumentException("docker image '" + ref + "': bad registry host: " + first);
                }
                registry = first.equals("docker.io") || first.equals("index.docker.io") ? DOCKER_HUB : first;
                rest = rest.substring(slash + 1);
            }
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            String t = rest.substring(colon + 1);
            if (!TAG.matcher(t).matches()) {
                throw new IllegalArgumentException("docker image '" + ref + "': tag must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}, got: " + t);
            }
            tag = Optional.of(t);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("docker image '" + ref + "': the name is missing");
        }
        for (String c : rest.split("/", -1)) {
            if (!COMPONENT.matcher(c).matches()) {
                throw new IllegalArgumentException("docker image '" + ref + "': name components are lower-case letters, digits and"
                        + " . _ - separators, got: '" + c + "'");
            }
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of("latest");
        }
        return new ImageReference(registry.toLowerCase(Locale.ROOT), rest, tag, digest);
    }

    /** What the manifest is fetched by: the digest when given, else the tag. */
    public String manifestReference() {
        return digest.orElseGet(tag::orElseThrow);
    }

    /** Loopback registries are spoken to over plain HTTP (as Docker does for localhost). */
    public boolean loopback() {
        String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.contains(":") ? registry.substring(0, registry.indexOf(':')) : registry;
        return host.equals("localhost") || host.equals("[::1]") || host.startsWith("127.");
    }

    @Override
    public String toString() {
        return registry + "/" + repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
