package dev.paas.model;

/**
 * A package that is an image in a registry instead of uploaded bits (Cloud Foundry's docker
 * package, {@code cf push --docker-image}): {@code POST .../packages {"docker": {...}}}.
 *
 * @param image    {@code [registry/]name[:tag][@digest]}
 * @param username the registry user, when the registry needs credentials
 * @param password the registry password (required with a username, refused without one); stored
 *                 sealed with the services key, never shown or logged
 */
public record DockerPackage(String image, String username, String password) {

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DockerPackage[image=" + image + ", username=" + username + ", password=" + (password == null ? null : "***") + "]";
    }
}
