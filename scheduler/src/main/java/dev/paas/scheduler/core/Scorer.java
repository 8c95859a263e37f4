package dev.paas.scheduler.core;

import dev.paas.scheduler.api.Release;
import dev.paas.scheduler.api.Scoring;
import java.util.List;
import java.util.Optional;

/**
 * Ranks a node that passed every filter; higher is better. Placement compares nodes by the
 * first scorer, then the next on a tie, and finally by node name, so the result is
 * deterministic. Scorers are stateless and pure.
 */
interface Scorer {

    /**
     * @param node              the candidate
     * @param appInstancesThere instances of the app being placed that the node holds already
     * @param memoryMb          memory of the instance being placed
     * @param clone             the release being placed when it could start as a snapshot clone
     *                          (empty for a task: tasks always boot)
     */
    long score(NodeLoad node, int appInstancesThere, long memoryMb, Optional<Release> clone);

    /** Spread an app across nodes first: losing a node then loses as few of its instances as possible. */
    Scorer SPREAD_APP = (node, appInstancesThere, memoryMb, clone) -> -appInstancesThere;

    /**
     * Then a node holding a snapshot of the release: the instance starts there as a clone (about
     * a second) instead of a cold boot (seconds to tens of seconds), since a snapshot never
     * leaves its node. After the spread, so it never stacks an app's instances on one node; before
     * the load, which only decides between otherwise equal nodes anyway.
     */
    Scorer SNAPSHOT = (node, appInstancesThere, memoryMb, clone) ->
            clone.isPresent() && node.holdsSnapshot(clone.get()) ? 1 : 0;

    /** Parts per million of the node's memory in use once the instance is placed. */
    static long usedPpm(NodeLoad node, long memoryMb) {
        long capacity = Math.max(1, node.capacityMb());
        return (node.allocatedMb() + memoryMb) * 1_000_000L / capacity;
    }

    /** Even load: the least allocated node wins. */
    Scorer LEAST_ALLOCATED = (node, appInstancesThere, memoryMb, clone) -> -usedPpm(node, memoryMb);

    /** Bin-packing: the most allocated node that still fits wins. */
    Scorer MOST_ALLOCATED = (node, appInstancesThere, memoryMb, clone) -> usedPpm(node, memoryMb);

    static List<Scorer> chainFor(Scoring scoring) {
        return switch (scoring) {
            case SPREAD -> List.of(SPREAD_APP, SNAPSHOT, LEAST_ALLOCATED);
            case BINPACK -> List.of(SPREAD_APP, SNAPSHOT, MOST_ALLOCATED);
        };
    }
}
