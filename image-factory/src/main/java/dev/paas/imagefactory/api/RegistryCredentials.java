package dev.paas.imagefactory.api;

import java.util.Objects;

/**
 * A registry user and password (or token), Cloud Foundry's {@code --docker-username} and
 * {@code CF_DOCKER_PASSWORD}. Sent as Basic auth, to the token server or the registry. Never
 * printed: {@link #toString()} hides the password.
 */
public record RegistryCredentials(String username, String password) {

    public RegistryCredentials {
        if (username == null || username.isBlank() || username.contains(":")) {
            throw new StagingException(StagingException.Reason.INVALID_REQUEST,
                    "docker username must not be empty and must not contain ':'");
        }
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=***]";
    }
}
