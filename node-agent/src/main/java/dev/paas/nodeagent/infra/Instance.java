package dev.paas.nodeagent.infra;

import dev.paas.model.DesiredInstance;
import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.core.GuestApp;
import dev.paas.nodeagent.core.HealthMonitor;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The supervisor's mutable view of one instance incarnation. Confined to the supervisor's
 * context, except {@link #guest}, which the log tailer's thread sets (its only writer once
 * followed) and the supervisor reads.
 */
final class Instance {

    private static final AtomicLong INCARNATIONS = new AtomicLong();

    final long id;
    final long incarnation = INCARNATIONS.incrementAndGet();
    final String app;
    final int index;
    final int memoryMb;
    DesiredInstance desired;
    HealthMonitor health;
    VmHandle handle;
    int port = -1;
    String endpoint;
    boolean busy;
    boolean probing;
    OptionalLong reportedAtVersion = OptionalLong.empty();
    long rssBytes;
    double cpuSeconds;
    /** The guest's own memory use, when its balloon reported it. */
    Long guestMemoryUsedBytes;
    /** When this agent began booting it (its clock); null: re-adopted, not booted here. */
    java.time.Instant bootStartedAt;
    /** The desired egress its network rules were last written from; null: unknown (re-adopted). */
    java.util.List<dev.paas.model.EgressRule> appliedEgress;
    /** The desired service endpoints its rules were last written from; null: unknown (re-adopted). */
    java.util.List<dev.paas.model.EgressRule> appliedServiceEgress;
    boolean egressUpdating;
    volatile GuestApp guest = GuestApp.NOT_STARTED;

    Instance(long id, String app, int index, int memoryMb) {
        this.id = id;
        this.app = app;
        this.index = index;
        this.memoryMb = memoryMb;
    }

    HealthCheck check() {
        HealthCheck c = desired == null ? null : desired.healthCheck();
        return c == null || c.type() == null ? new HealthCheck(HealthCheckType.PORT, null, null) : c;
    }

    /** The base policy with this instance's own start-up timeout, when its health check names one. */
    dev.paas.nodeagent.core.HealthPolicy startupPolicy(dev.paas.nodeagent.core.HealthPolicy base) {
        Integer t = desired == null || desired.healthCheck() == null ? null : desired.healthCheck().timeout();
        return t != null && t > 0 ? base.withStartupTimeout(java.time.Duration.ofSeconds(t)) : base;
    }

    int graceSeconds() {
        return desired == null ? 0 : desired.graceSeconds();
    }
}
