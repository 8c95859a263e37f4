package dev.paas.model;

import java.util.Map;

/**
 * An app's env: what its instances run with and what it will run with after the next restart.
 *
 * @param running  the app env of the current revision (what instances of it receive at launch), empty
 *                 before the first staging
 * @param revision the current revision's number, null before the first staging
 * @param env      the app's env as set now ({@code set-env}); differs from {@code running} until a restart
 * @param system   what the platform adds for every instance, without instance-specific values
 *                 ({@code VCAP_SERVICES}, {@code MEMORY_LIMIT})
 */
public record AppEnvView(Map<String, String> running, Integer revision, Map<String, String> env, Map<String, String> system) {
}
