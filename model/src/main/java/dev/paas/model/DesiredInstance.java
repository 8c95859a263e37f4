package dev.paas.model;

import java.util.Map;

/**
 * One instance a node should run. Everything the agent needs to boot it: the image (by digest,
 * downloaded from {@code GET /v1/agent/images/{digest}}), memory, the health check, and the
 * grace period for stops. Instances missing from the desired list are to be stopped.
 *
 * @param imageDigest  sha256 hex of the image; null until the app has been staged
 * @param env          platform-provided environment (app env is baked into the image's launch spec)
 */
public record DesiredInstance(long instanceId, String space, String app, int index, String imageDigest,
                              int memoryMb, HealthCheck healthCheck, int graceSeconds, Map<String, String> env) {
}
