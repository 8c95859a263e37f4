package dev.paas.nodeagent.infra;

import dev.paas.model.InstanceState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's Prometheus metrics (names in node-agent/README.md). Thread-safe.
 */
public final class AgentMetrics {

    private final MeterRegistry registry;
    private final Map<InstanceState, AtomicInteger> byState = new EnumMap<>(InstanceState.class);
    private final DistributionSummary bootSeconds;
    private final Counter crashes;

    public AgentMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (InstanceState s : InstanceState.values()) {
            AtomicInteger n = new AtomicInteger();
            byState.put(s, n);
            Gauge.builder("paas_node_instances", n, AtomicInteger::get)
                    .description("instances on this node by state").tag("state", s.name()).register(registry);
        }
        // Boot = start action to first passed health check (download + QEMU + guest + app), in seconds.
        bootSeconds = DistributionSummary.builder("paas_node_boot_duration_seconds")
                .description("time from starting an instance to its first passed health check")
                .serviceLevelObjectives(0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60, 120)
                .register(registry);
        crashes = Counter.builder("paas_node_crashes").description("instances that crashed").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** @param result "started" (QEMU runs) or "failed" (image refused, QEMU failed, no port) */
    public void boots(String result) {
        Counter.builder("paas_node_boots").description("VM boots attempted").tag("result", result)
                .register(registry).increment();
    }

    public void bootDuration(double seconds) {
        bootSeconds.record(seconds);
    }

    /** Lines shipped to and lost for syslog drains ({@code LogDrains} totals, read at scrape). */
    public void drains(dev.paas.logdrain.api.LogDrains drains) {
        io.micrometer.core.instrument.FunctionCounter.builder("paas_node_drain_lines_sent", drains,
                dev.paas.logdrain.api.LogDrains::sentTotal).description("APP lines shipped to syslog drains").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("paas_node_drain_lines_dropped", drains,
                dev.paas.logdrain.api.LogDrains::droppedTotal)
                .description("APP lines lost for syslog drains (queue full: drain slow or down; send failed)").register(registry);
    }

    public void crash() {
        crashes.increment();
    }

    public void instances(Map<InstanceState, Integer> counts) {
        byState.forEach((s, n) -> n.set(counts.getOrDefault(s, 0)));
    }
}
