package dev.paas.scheduler.core;

import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.Constraints;
import dev.paas.scheduler.api.Rejections;
import dev.paas.scheduler.api.Release;
import dev.paas.scheduler.api.Scoring;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Nomad-style placement for one round: the filter chain decides which nodes can take an
 * instance, the scorers pick the best of them, the node name breaks ties. Each success is
 * booked at once (memory and the app's count on the node), so later placements of the same
 * round see it and a node is never over-committed. Owned by one round: not thread-safe.
 */
final class Placer {

    /** Where an instance went, or why nowhere. */
    sealed interface Outcome {
    }

    record Placed(String node) implements Outcome {
    }

    record NoFit(Rejections rejections) implements Outcome {
    }

    /** The nodes that pass every filter that ignores allocations, and what the others failed. */
    private record Feasible(int[] nodeIndexes, Map<String, Integer> rejected) {
    }

    private final NodeLoad[] nodes;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final List<NodeFilter> staticFilters = new ArrayList<>();
    private final List<NodeFilter> dynamicFilters = new ArrayList<>();
    private final Scorer[] scorers;
    private final Map<String, int[]> appCountsByNode = new HashMap<>();
    private final Map<Constraints, Feasible> feasibleByConstraints = new HashMap<>();

    Placer(Cluster cluster, List<ActualInstance> actual, Scoring scoring) {
        this.nodes = cluster.nodes().toArray(NodeLoad[]::new);
        for (int i = 0; i < nodes.length; i++) {
            indexByName.put(nodes[i].name(), i);
        }
        for (NodeFilter filter : NodeFilters.CHAIN) {
            (filter.dependsOnAllocations() ? dynamicFilters : staticFilters).add(filter);
        }
        this.scorers = Scorer.chainFor(scoring).toArray(Scorer[]::new);
        for (ActualInstance instance : actual) {
            if (instance.state().holdsResources() && !cluster.isSuspect(instance)) {
                appCounts(instance.appId())[indexByName.get(instance.node().orElseThrow())]++;
            }
        }
    }

    /**
     * Places one instance of {@code appId}; {@code clone} is its release when it could start as a
     * snapshot clone (a node holding one ranks higher once the spread is equal), empty for a task.
     */
    Outcome place(String appId, Constraints constraints, long memoryMb, Optional<Release> clone) {
        Feasible feasible = feasibleByConstraints.computeIfAbsent(constraints, this::feasible);
        int[] appCounts = appCounts(appId);
        Map<String, Integer> dynamicRejected = new LinkedHashMap<>();
        int best = -1;
        long[] bestScores = new long[scorers.length];
        for (int candidate : feasible.nodeIndexes()) {
            Optional<NodeFilter> rejecting = firstRejecting(dynamicFilters, nodes[candidate], constraints, memoryMb);
            if (rejecting.isPresent()) {
                dynamicRejected.merge(rejecting.get().reason(), 1, Integer::sum);
            } else if (best < 0 || outranks(candidate, bestScores, appCounts, memoryMb, clone)) {
                best = candidate;
                for (int s = 0; s < scorers.length; s++) {
                    bestScores[s] = scorers[s].score(nodes[best], appCounts[best], memoryMb, clone);
                }
            }
        }
        if (best < 0) {
            Map<String, Integer> all = new HashMap<>(feasible.rejected());
            dynamicRejected.forEach((reason, count) -> all.merge(reason, count, Integer::sum));
            return new NoFit(new Rejections(all));
        }
        nodes[best].allocate(memoryMb);
        appCounts[best]++;
        return new Placed(nodes[best].name());
    }

    /** Lexicographic over the scorers; on a full tie the earlier node (lower name) keeps its place. */
    private boolean outranks(int candidate, long[] bestScores, int[] appCounts, long memoryMb, Optional<Release> clone) {
        for (int s = 0; s < scorers.length; s++) {
            long score = scorers[s].score(nodes[candidate], appCounts[candidate], memoryMb, clone);
            if (score != bestScores[s]) {
                return score > bestScores[s];
            }
        }
        return false;
    }

    private Feasible feasible(Constraints constraints) {
        int[] passing = new int[nodes.length];
        int count = 0;
        Map<String, Integer> rejected = new HashMap<>();
        for (int i = 0; i < nodes.length; i++) {
            Optional<NodeFilter> rejecting = firstRejecting(staticFilters, nodes[i], constraints, 0);
            if (rejecting.isPresent()) {
                rejected.merge(rejecting.get().reason(), 1, Integer::sum);
            } else {
                passing[count++] = i;
            }
        }
        return new Feasible(java.util.Arrays.copyOf(passing, count), Map.copyOf(rejected));
    }

    private static Optional<NodeFilter> firstRejecting(List<NodeFilter> filters, NodeLoad node,
                                                       Constraints constraints, long memoryMb) {
        for (NodeFilter filter : filters) {
            if (!filter.accepts(node, constraints, memoryMb)) {
                return Optional.of(filter);
            }
        }
        return Optional.empty();
    }

    private int[] appCounts(String appId) {
        return appCountsByNode.computeIfAbsent(appId, id -> new int[nodes.length]);
    }
}
