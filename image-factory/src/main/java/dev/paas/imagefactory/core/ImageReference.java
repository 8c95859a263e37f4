package dev.paas.imagefactory.core;

import dev.paas.pushrules.DockerReference;
import java.util.Optional;

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

    public static final String DOCKER_HUB = DockerReference.DOCKER_HUB;

    /**
     * Reads {@code ref} with the push rules' grammar ({@link DockerReference}: the CLI and the
     * control plane check references with the same one before a build is asked for).
     *
     * @throws IllegalArgumentException saying which part of {@code ref} is wrong
     */
    public static ImageReference parse(String ref) {
        DockerReference r;
        try {
            r = DockerReference.parse(ref);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("docker image " + e.getMessage(), e);
        }
        return new ImageReference(r.registry(), r.repository(), r.tag(), r.digest());
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
