package dev.paas.scheduler.core;

import dev.paas.scheduler.api.Constraints;

/**
 * One feasibility check of placement, as Nomad's feasibility iterators: a node either passes or
 * is rejected with the filter's one constant reason, which users see counted
 * ("pending: 3 nodes insufficient memory, 1 cordoned"). Filters are stateless and pure.
 */
interface NodeFilter {

    /** The constant reason shown for every node this filter rejects. */
    String reason();

    boolean accepts(NodeLoad node, Constraints constraints, long memoryMb);

    /**
     * Whether the answer changes as the round places instances. Filters that do not are
     * evaluated once per distinct {@link Constraints} in a round, not once per instance.
     */
    default boolean dependsOnAllocations() {
        return false;
    }
}
