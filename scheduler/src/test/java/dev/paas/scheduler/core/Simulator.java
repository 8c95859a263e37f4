package dev.paas.scheduler.core;

import dev.paas.model.InstanceState;
import dev.paas.model.NodeState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.ConvergeSettings;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.Release;
import dev.paas.scheduler.api.Stop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A hand-written fake of the control plane and its node agents: applies plans the way the
 * writer would, and moves instances along (CLAIMED → STARTING → RUNNING, or CRASHED for an
 * unhealthy release) one tick of {@link #TICK} at a time. Stops take effect at once.
 */
final class Simulator {

    static final Duration TICK = Duration.ofSeconds(5);

    private final Map<InstanceId, ActualInstance> instances = new TreeMap<>();
    private final List<NodeView> nodes;
    private Predicate<ActualInstance> healthy;
    private final java.util.Set<String> silent = new java.util.HashSet<>();
    private Instant now = Fixtures.NOW;
    private int nextId;

    Simulator(List<NodeView> nodes, Predicate<Release> healthy) {
        this.nodes = new ArrayList<>(nodes);
        this.healthy = i -> healthy.test(i.release());
    }

    /** From now on every instance booting on a node other than {@code node} fails its health check. */
    Simulator withUnhealthyOutside(String node) {
        healthy = i -> i.node().equals(Optional.of(node));
        return this;
    }

    /** The instance with this id as it is now. */
    ActualInstance current(InstanceId id) {
        return instances.get(id);
    }

    /** Puts RUNNING instances {@code 0..count-1} of {@code release} round robin on the READY nodes. */
    Simulator running(String appId, int count, Release release) {
        List<NodeView> ready = nodes.stream().filter(n -> n.state() == NodeState.READY).toList();
        for (int index = 0; index < count; index++) {
            add(new ActualInstance(InstanceId.of("s" + nextId++), appId, index, release, InstanceState.RUNNING,
                    Optional.of(ready.get(index % ready.size()).name()), now, now, 0, Optional.of("ep" + index)));
        }
        return this;
    }

    /** Puts one RUNNING instance on a given node. */
    Simulator runningOn(String appId, int index, Release release, String node) {
        add(new ActualInstance(InstanceId.of("s" + nextId++), appId, index, release, InstanceState.RUNNING,
                Optional.of(node), now, now, 0, Optional.of("ep" + index)));
        return this;
    }

    /** One round: converge the current snapshot, then apply the plan. */
    ConvergePlan round(List<DesiredApp> apps, ConvergeSettings settings) {
        ConvergePlan plan = Fixtures.CONVERGER.converge(
                new ConvergeInput(apps, List.copyOf(instances.values()), List.copyOf(nodes), now, settings));
        for (String name : plan.markDown()) {
            nodes.replaceAll(n -> n.name().equals(name) ? n.withState(NodeState.DOWN) : n);
        }
        for (Stop stop : plan.stop()) {
            instances.remove(stop.instance());
        }
        for (Placement start : plan.start()) {
            ActualInstance previous = start.instance().map(instances::get).orElse(null);
            InstanceId id = previous != null ? previous.id() : InstanceId.of("s" + nextId++);
            add(new ActualInstance(id, start.appId(), start.index(), start.release(), InstanceState.CLAIMED,
                    Optional.of(start.node()), previous != null ? previous.createdAt() : now, now,
                    previous != null ? previous.crashCount() : 0, Optional.empty()));
        }
        return plan;
    }

    /**
     * The node's agent goes silent: it stops heartbeating and nothing it runs reports any more
     * (its VMs live on); the scheduler marks it DOWN once the heartbeat time-out has passed.
     */
    void silence(String node) {
        silent.add(node);
    }

    /** The node's agent is back: it heartbeats (DOWN → READY) and reports its VMs as they are. */
    void resume(String node) {
        silent.remove(node);
        nodes.replaceAll(n -> n.name().equals(node) ? n.withState(NodeState.READY).withLastHeartbeat(Optional.of(now)) : n);
    }

    /** Time passes: nodes heartbeat, VMs boot, and pass or fail their health check. */
    void tick() {
        now = now.plus(TICK);
        nodes.replaceAll(n -> n.state() == NodeState.DOWN || silent.contains(n.name()) ? n
                : n.withLastHeartbeat(Optional.of(now)));
        for (ActualInstance i : List.copyOf(instances.values())) {
            if (i.node().map(silent::contains).orElse(false)) {
                continue;
            }
            switch (i.state()) {
                case CLAIMED -> add(i.withState(InstanceState.STARTING, now));
                case STARTING -> add(healthy.test(i)
                        ? i.withState(InstanceState.RUNNING, now).withEndpoint("ep" + i.index())
                        : i.withState(InstanceState.CRASHED, now).withCrashCount(i.crashCount() + 1));
                default -> {
                }
            }
        }
    }

    /** Nothing is on its way up: every instance is RUNNING, CRASHED or gone. */
    boolean settled() {
        return instances.values().stream()
                .noneMatch(i -> i.state() == InstanceState.CLAIMED || i.state() == InstanceState.STARTING);
    }

    List<ActualInstance> instances() {
        return List.copyOf(instances.values());
    }

    List<ActualInstance> running(String appId) {
        return instances.values().stream()
                .filter(i -> i.appId().equals(appId) && i.state() == InstanceState.RUNNING)
                .toList();
    }

    Instant now() {
        return now;
    }

    private void add(ActualInstance instance) {
        instances.put(instance.id(), instance);
    }
}
