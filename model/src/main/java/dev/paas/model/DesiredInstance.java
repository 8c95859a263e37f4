package dev.paas.model;

import java.util.List;
import java.util.Map;

/**
 * One instance a node should run. Everything the agent needs to boot it: the image (by digest,
 * downloaded from {@code GET /v1/agent/images/{digest}}), memory, the health check, and the
 * grace period for stops, and the disk quota. Instances missing from the desired list are to be stopped.
 *
 * @param imageDigest  sha256 hex of the image; null until the app has been staged
 * @param env          the instance's whole env, received by the guest at launch (the image holds none):
 *                     the revision's app env, CF_INSTANCE_*, MEMORY_LIMIT, VCAP_APPLICATION, VCAP_SERVICES;
 *                     values may be secrets: never logged
 * @param egress       what the instance may reach (its space's and the platform's security groups);
 *                     empty denies every connection the instance starts
 * @param diskMb       the guest's writable space in MiB (the app's {@code disk_quota}); a write
 *                     past it fails with ENOSPC inside the guest
 * @param serviceEgress what the app's service bindings opened: exact endpoints (tcp, one address,
 *                     one port) the platform offers this instance, allowed even where the always-denied
 *                     set (the host's and the platform's addresses) would refuse them; empty: none
 * @param clonesOff    the app turned snapshot clones off: this instance boots cold and is never
 *                     snapshotted (false, the default and what an older control plane sends: clones allowed)
 * @param logDrains    the syslog drain URLs of the app's user-provided services; the agent ships this
 *                     instance's APP lines there (empty, the default and what an older control plane
 *                     sends: none). A URL may hold a token: never logged
 * @param revisionId   the control plane's revision the instance runs; the agent records it with a
 *                     snapshot of the instance so its heartbeats can say which revisions it could
 *                     restore (0, what an older control plane sends: unknown, never reported)
 */
public record DesiredInstance(long instanceId, String space, String app, int index, String imageDigest,
                              int memoryMb, HealthCheck healthCheck, int graceSeconds, Map<String, String> env,
                              List<EgressRule> egress, int diskMb, List<EgressRule> serviceEgress,
                              boolean clonesOff, List<String> logDrains, long revisionId) {

    /** Cloud Foundry's default {@code disk_quota}: what an app that sets none gets. */
    public static final int DEFAULT_DISK_MB = 1024;

    public DesiredInstance {
        egress = egress == null ? List.of() : List.copyOf(egress);
        serviceEgress = serviceEgress == null ? List.of() : List.copyOf(serviceEgress);
        logDrains = logDrains == null ? List.of() : List.copyOf(logDrains);
    }

    /** Revision unknown. */
    public DesiredInstance(long instanceId, String space, String app, int index, String imageDigest,
                           int memoryMb, HealthCheck healthCheck, int graceSeconds, Map<String, String> env,
                           List<EgressRule> egress, int diskMb, List<EgressRule> serviceEgress,
                           boolean clonesOff, List<String> logDrains) {
        this(instanceId, space, app, index, imageDigest, memoryMb, healthCheck, graceSeconds, env, egress, diskMb,
                serviceEgress, clonesOff, logDrains, 0);
    }

    /** No log drains. */
    public DesiredInstance(long instanceId, String space, String app, int index, String imageDigest,
                           int memoryMb, HealthCheck healthCheck, int graceSeconds, Map<String, String> env,
                           List<EgressRule> egress, int diskMb, List<EgressRule> serviceEgress,
                           boolean clonesOff) {
        this(instanceId, space, app, index, imageDigest, memoryMb, healthCheck, graceSeconds, env, egress, diskMb,
                serviceEgress, clonesOff, List.of());
    }

    /** Clones allowed. */
    public DesiredInstance(long instanceId, String space, String app, int index, String imageDigest,
                           int memoryMb, HealthCheck healthCheck, int graceSeconds, Map<String, String> env,
                           List<EgressRule> egress, int diskMb, List<EgressRule> serviceEgress) {
        this(instanceId, space, app, index, imageDigest, memoryMb, healthCheck, graceSeconds, env, egress, diskMb,
                serviceEgress, false);
    }

    /** No service endpoints. */
    public DesiredInstance(long instanceId, String space, String app, int index, String imageDigest,
                           int memoryMb, HealthCheck healthCheck, int graceSeconds, Map<String, String> env,
                           List<EgressRule> egress, int diskMb) {
        this(instanceId, space, app, index, imageDigest, memoryMb, healthCheck, graceSeconds, env, egress, diskMb,
                List.of());
    }

    /** With the default disk quota. */
    public DesiredInstance(long instanceId, String space, String app, int index, String imageDigest,
                           int memoryMb, HealthCheck healthCheck, int graceSeconds, Map<String, String> env,
                           List<EgressRule> egress) {
        this(instanceId, space, app, index, imageDigest, memoryMb, healthCheck, graceSeconds, env, egress,
                DEFAULT_DISK_MB);
    }

    public DesiredInstance withDiskMb(int mb) {
        return new DesiredInstance(instanceId, space, app, index, imageDigest, memoryMb, healthCheck, graceSeconds, env,
                egress, mb, serviceEgress, clonesOff, logDrains, revisionId);
    }

    public DesiredInstance withClonesOff(boolean off) {
        return new DesiredInstance(instanceId, space, app, index, imageDigest, memoryMb, healthCheck, graceSeconds, env,
                egress, diskMb, serviceEgress, off, logDrains, revisionId);
    }

    public DesiredInstance withLogDrains(List<String> drains) {
        return new DesiredInstance(instanceId, space, app, index, imageDigest, memoryMb, healthCheck, graceSeconds, env,
                egress, diskMb, serviceEgress, clonesOff, drains, revisionId);
    }

    public DesiredInstance withRevisionId(long revision) {
        return new DesiredInstance(instanceId, space, app, index, imageDigest, memoryMb, healthCheck, graceSeconds, env,
                egress, diskMb, serviceEgress, clonesOff, logDrains, revision);
    }

    /** Names the env's variables, never their values (which may be secrets); counts the drains (their URLs may hold tokens). */
    @Override
    public String toString() {
        return "DesiredInstance[instanceId=" + instanceId + ", space=" + space + ", app=" + app + ", index=" + index
                + ", imageDigest=" + imageDigest + ", memoryMb=" + memoryMb + ", healthCheck=" + healthCheck
                + ", graceSeconds=" + graceSeconds + ", env=" + (env == null ? null : new java.util.TreeSet<>(env.keySet()))
                + ", egress=" + egress + ", diskMb=" + diskMb + ", serviceEgress=" + serviceEgress
                + ", clonesOff=" + clonesOff + ", logDrains=" + logDrains.size() + ", revisionId=" + revisionId + "]";
    }

    /** An instance that may start no connection of its own (no security group applies). */
    public DesiredInstance(long instanceId, String space, String app, int index, String imageDigest,
                           int memoryMb, HealthCheck healthCheck, int graceSeconds, Map<String, String> env) {
        this(instanceId, space, app, index, imageDigest, memoryMb, healthCheck, graceSeconds, env, List.of());
    }
}
