package dev.paas.scheduler.core;

import dev.paas.scheduler.api.Scoring;
import java.util.List;

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
     */
    long score(NodeLoad node, int appInstancesThere, long memoryMb);

    /** Spread an app across nodes first: losing a node then loses as few of its instances as possible. */
    Scorer SPREAD_APP = (node, appInstancesThere, memoryMb) -> -appInstancesThere;

    /** Parts per million of the node's memory in use once the instance is placed. */
    static long usedPpm(NodeLoad node, long memoryMb) {
        long capacity = Math.max(1, node.capacityMb());
        return (node.allocatedMb() + memoryMb) * 1_000_000L / capacity;
    }

    /** Even load: the least allocated node wins. */
    Scorer LEAST_ALLOCATED = (node, appInstancesThere, memoryMb) -> -usedPpm(node, memoryMb);

    /** Bin-packing: the most allocated node that still fits wins. */
    Scorer MOST_ALLOCATED = (node, appInstancesThere, memoryMb) -> usedPpm(node, memoryMb);

    static List<Scorer> chainFor(Scoring scoring) {
        return switch (scoring) {
            case SPREAD -> List.of(SPREAD_APP, LEAST_ALLOCATED);
            case BINPACK -> List.of(SPREAD_APP, MOST_ALLOCATED);
        };
    }
}
