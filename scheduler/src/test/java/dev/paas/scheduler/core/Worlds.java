package dev.paas.scheduler.core;

import static dev.paas.scheduler.core.Fixtures.NOW;

import dev.paas.model.Accelerator;
import dev.paas.model.AppState;
import dev.paas.model.InstanceState;
import dev.paas.model.NodeState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.Constraints;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Release;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Random but plausible snapshots for the properties: a few nodes in every state, a few apps
 * (and instances of an app that was deleted), instances in every state, on known, unknown and
 * no nodes, of current and older releases, with any crash count. Small on purpose, so that
 * collisions (same index twice, full nodes) are common.
 *
 * <p>Everything is drawn from the one {@link Random} passed in, so a seed gives back its snapshot:
 * {@code Worlds.input(new Random(seed))}. Choices listed twice are twice as likely.
 */
final class Worlds {

    private static final List<String> REVISIONS = List.of("r1", "r2");
    private static final List<Integer> MEMORY = List.of(128, 256);
    private static final int MAX_AGE_SECONDS = (int) Duration.ofMinutes(20).toSeconds();

    private Worlds() {
    }

    /** One snapshot: 1–5 nodes, 1–3 apps, 0–20 instances. */
    static ConvergeInput input(Random r) {
        List<NodeView> nodes = nodes(r);
        List<DesiredApp> apps = apps(r);
        int count = between(r, 0, 20);
        List<ActualInstance> actual = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            actual.add(instance(r, "i" + i));
        }
        return new ConvergeInput(apps, actual, nodes, NOW);
    }

    private static List<NodeView> nodes(Random r) {
        int count = between(r, 1, 5);
        List<NodeView> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long memory = oneOf(r, 0L, 256L, 512L, 1024L, 2048L);
            NodeState state = oneOf(r, NodeState.READY, NodeState.READY, NodeState.READY, NodeState.CORDONED,
                    NodeState.DRAINING, NodeState.DOWN);
            // Mostly fresh heartbeats (8 in 11); sometimes none yet (1), sometimes older than the 15 s threshold (2).
            int heartbeatAge = weighted(r, new int[] {8, 1, 2}, 1, -1, 20);
            Accelerator accelerator = oneOf(r, Accelerator.KVM, Accelerator.TCG);
            String pool = oneOf(r, "default", "default", "edge");
            nodes.add(new NodeView("n" + i, pool, Map.of(), memory, accelerator, state,
                    heartbeatAge < 0 ? Optional.empty() : Optional.of(NOW.minusSeconds(heartbeatAge))));
        }
        return nodes;
    }

    private static List<DesiredApp> apps(Random r) {
        int count = between(r, 1, 3);
        List<DesiredApp> apps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            AppState state = oneOf(r, AppState.STARTED, AppState.STARTED, AppState.STARTED, AppState.STOPPED);
            int instances = between(r, 0, 4);
            Release release = release(r);
            int maxInFlight = between(r, 1, 3);
            // No failed release, the desired one failed, or an older one did.
            int failed = between(r, 0, 2);
            boolean inEdgePool = oneOf(r, false, false, true);
            apps.add(new DesiredApp("a" + i, state, instances, release,
                    inEdgePool ? Constraints.none().inPool("edge") : Constraints.none(), maxInFlight,
                    failed == 0 ? Optional.empty() : Optional.of(failed == 1 ? release : Release.of("r0", 128))));
        }
        return apps;
    }

    private static Release release(Random r) {
        // One in four runs with a disk other than the default: a disk change is a release change.
        return new Release(REVISIONS.get(r.nextInt(REVISIONS.size())), MEMORY.get(r.nextInt(MEMORY.size())),
                r.nextInt(4) == 0 ? 64 : 1024);
    }

    /** App "a3" is never desired: it was deleted. Node "gone" is not in the snapshot; 1 in 20 is on no node. */
    private static ActualInstance instance(Random r, String id) {
        String app = oneOf(r, "a0", "a0", "a0", "a1", "a2", "a3");
        int index = between(r, 0, 4);
        Release release = release(r);
        InstanceState state = weighted(r, new int[] {6, 2, 1, 1, 2, 1, 1, 1},
                InstanceState.RUNNING, InstanceState.STARTING, InstanceState.CLAIMED, InstanceState.UNCLAIMED,
                InstanceState.CRASHED, InstanceState.DRAINING, InstanceState.STOPPING, InstanceState.STOPPED);
        Optional<String> node = r.nextInt(100) < 95
                ? Optional.of(oneOf(r, "n0", "n0", "n1", "n1", "n2", "n3", "n4", "gone"))
                : Optional.empty();
        int ageSeconds = between(r, 0, MAX_AGE_SECONDS);
        int sinceSeconds = between(r, 0, MAX_AGE_SECONDS);
        int crashCount = oneOf(r, 0, 1, 3, 4, 6, 9, 199, 200);
        Optional<String> where = state == InstanceState.UNCLAIMED ? Optional.empty() : node;
        return new ActualInstance(InstanceId.of(id), app, index, release, state, where,
                NOW.minusSeconds(ageSeconds), NOW.minusSeconds(Math.min(ageSeconds, sinceSeconds)), crashCount,
                Optional.of("10.1.0.1:" + (9000 + index)));
    }

    /** Uniform in {@code [min, max]}, both included. */
    static int between(Random r, int min, int max) {
        return min + r.nextInt(max - min + 1);
    }

    @SafeVarargs
    static <T> T oneOf(Random r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    /** {@code choices[i]} with probability {@code weights[i] / sum(weights)}. */
    @SafeVarargs
    static <T> T weighted(Random r, int[] weights, T... choices) {
        if (weights.length != choices.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + choices.length + " choices");
        }
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int pick = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return choices[i];
            }
        }
        throw new AssertionError("unreachable");
    }
}
