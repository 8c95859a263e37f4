package dev.paas.imagefactory.api;

import dev.paas.imagefactory.core.ImageReference;

import java.util.Objects;
import java.util.Optional;

/**
 * An OCI/Docker image to pull from a registry (Cloud Foundry's {@code --docker-image}): its
 * reference, checked on construction, and the credentials, if the registry needs them.
 *
 * @param reference   {@code [registry/]name[:tag][@digest]}; loopback registries are spoken to over
 *                    plain HTTP, all others over HTTPS
 * @param credentials user and password, or empty for anonymous pulls (and anonymous tokens)
 */
public record DockerImage(String reference, Optional<RegistryCredentials> credentials) {

    public DockerImage {
        Objects.requireNonNull(credentials, "credentials");
        try {
            reference = ImageReference.parse(reference).toString();
        } catch (IllegalArgumentException e) {
            throw new StagingException(StagingException.Reason.INVALID_REQUEST, e.getMessage(), e);
        }
    }

    public static DockerImage of(String reference) {
        return new DockerImage(reference, Optional.empty());
    }

    public ImageReference parsed() {
        return ImageReference.parse(reference);
    }
}
