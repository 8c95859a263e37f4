package dev.paas.api.core;

/**
 * The scheduler's app id for one process type of an app: {@code 12} for app 12's web process
 * (as before process types existed), {@code 12/worker} for its worker. The scheduler treats app
 * ids as opaque, so each process type converges on its own (indexes from 0, its own release
 * and rollout) with no change to its logic, and the route table, which maps routes to app ids,
 * never sees a non-web instance.
 */
public record ProcessKey(long appId, String type) {

    public static final String WEB = dev.paas.pushrules.ProcessTypes.WEB;

    public static ProcessKey web(long appId) {
        return new ProcessKey(appId, WEB);
    }

    /** Reads {@link #toString()}. */
    public static ProcessKey parse(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? web(Long.parseLong(key))
                : new ProcessKey(Long.parseLong(key.substring(0, slash)), key.substring(slash + 1));
    }

    public boolean isWeb() {
        return WEB.equals(type);
    }

    @Override
    public String toString() {
        return isWeb() ? Long.toString(appId) : appId + "/" + type;
    }
}
