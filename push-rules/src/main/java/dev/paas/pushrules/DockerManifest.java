package dev.paas.pushrules;

/**
 * A manifest's {@code docker:} attribute, Cloud Foundry's: the image to run instead of bits, and
 * the registry user (the password never lives in a manifest: the CLI reads it from
 * {@code PAAS_DOCKER_PASSWORD} or {@code CF_DOCKER_PASSWORD}).
 *
 * @param image    {@code docker.image} as written (checked by the caller with {@link DockerReference})
 * @param username {@code docker.username}, null when not written
 */
public record DockerManifest(String image, String username) {
}
