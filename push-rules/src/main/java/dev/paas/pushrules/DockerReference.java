package dev.paas.pushrules;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Docker/OCI image reference, {@code [registry/]name[:tag][@digest]}, as {@code docker pull}
 * reads it (Cloud Foundry's {@code --docker-image} and manifest {@code docker.image}): the first
 * component is a registry when it has a {@code .} or {@code :} or is {@code localhost}; otherwise
 * the registry is Docker Hub and a one-component name gets {@code library/}. No tag and no digest
 * means {@code latest}. The CLI, the control plane and the image factory read references with this
 * one grammar.
 *
 * @param registry   host[:port] ({@value #DOCKER_HUB} for Docker Hub), lower case
 * @param repository the repository path, lower case ({@code library/busybox})
 * @param tag        the tag, when given or defaulted (empty when only a digest is given)
 * @param digest     {@code sha256:<64 hex>}, when given
 */
public record DockerReference(String registry, String repository, Optional<String> tag, Optional<String> digest) {

    public static final String DOCKER_HUB = "registry-1.docker.io";
    /** Longest reference taken (distribution's own limit on a name is 255; a tag adds up to 128, a digest 71). */
    public static final int MAX_LENGTH = 512;
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9.-]+|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?");
    private static final Pattern USERNAME = Pattern.compile("[^:\\p{Cntrl}\\s]{1,255}");

    /**
     * @throws IllegalArgumentException saying which part of {@code ref} is wrong, without a field
     *                                  name ({@code "'App': name components are ..."})
     */
    public static DockerReference parse(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("must not be empty (e.g. registry.example.com/team/app:1.0)");
        }
        if (ref.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("'" + Names.abbreviate(ref) + "' is " + ref.length()
                    + " characters; a reference has at most " + MAX_LENGTH);
        }
        String rest = ref.strip();
        String quoted = "'" + Names.abbreviate(ref) + "'";
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            String d = rest.substring(at + 1);
            if (!DIGEST.matcher(d).matches()) {
                throw new IllegalArgumentException(quoted + ": digest must be sha256:<64 lower-case hex>, got: " + d);
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
                    throw new IllegalArgumentException(quoted + ": bad registry host: " + first);
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
                throw new IllegalArgumentException(quoted + ": tag must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}, got: " + t);
            }
            tag = Optional.of(t);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(quoted + ": the name is missing");
        }
        for (String c : rest.split("/", -1)) {
            if (!COMPONENT.matcher(c).matches()) {
                throw new IllegalArgumentException(quoted + ": name components are lower-case letters, digits and"
                        + " . _ - separators, got: '" + c + "'");
            }
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of("latest");
        }
        return new DockerReference(registry.toLowerCase(Locale.ROOT), rest, tag, digest);
    }

    /** Why {@code ref} is not an image reference (without the field name), or empty. */
    public static Optional<String> problem(String ref) {
        try {
            parse(ref);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Why {@code username} cannot be a registry user name (sent as HTTP Basic auth, so no
     * {@code ':'}), or empty.
     */
    public static Optional<String> usernameProblem(String username) {
        if (username == null || username.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (!USERNAME.matcher(username).matches()) {
            return Optional.of("'" + Names.abbreviate(username) + "' must be 1-255 characters without ':', spaces or "
                    + "control characters");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return registry + "/" + repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
