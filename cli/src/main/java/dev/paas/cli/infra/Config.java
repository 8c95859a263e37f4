package dev.paas.cli.infra;

/**
 * What {@code paas login} and {@code paas target} remember, in {@code config.json}.
 *
 * @param api      base URL of the control plane, e.g. {@code http://localhost:8900}
 * @param token    bearer token from the last login; null when logged out
 * @param username who logged in
 * @param space    the targeted space commands work in
 */
public record Config(String api, String token, String username, String space) {

    public static final String DEFAULT_API = "http://localhost:8900";

    public static Config empty() {
        return new Config(null, null, null, null);
    }

    public Config withLogin(String api, String token, String username) {
        return new Config(api, token, username, space);
    }

    public Config withSpace(String space) {
        return new Config(api, token, username, space);
    }

    public Config loggedOut() {
        return new Config(api, null, username, space);
    }

    public String apiOrDefault() {
        return api == null || api.isBlank() ? DEFAULT_API : api;
    }
}
