package dev.paas.nodeagent.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of an instance's env only its node knows: where the instance is reached, as Diego's
 * rep adds it. Everything else ({@code CF_INSTANCE_INDEX}, {@code VCAP_APPLICATION}, the app's
 * own env) comes from the control plane in the desired instance.
 */
public final class LaunchEnv {

    private LaunchEnv() {}

    /**
     * {@code env} plus {@code CF_INSTANCE_IP}, {@code CF_INSTANCE_PORT} and {@code CF_INSTANCE_ADDR}
     * (the node's address and the host port forwarded to the guest's); these replace any the
     * control plane sent.
     */
    public static Map<String, String> withEndpoint(Map<String, String> env, String hostAddress, int hostPort) {
        Map<String, String> out = new LinkedHashMap<>(env == null ? Map.of() : env);
        out.put("CF_INSTANCE_IP", hostAddress);
        out.put("CF_INSTANCE_PORT", Integer.toString(hostPort));
        out.put("CF_INSTANCE_ADDR", hostAddress + ":" + hostPort);
        return out;
    }
}
