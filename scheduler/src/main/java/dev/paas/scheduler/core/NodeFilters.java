package dev.paas.scheduler.core;

import dev.paas.model.NodeState;
import dev.paas.scheduler.api.Constraints;
import java.util.List;
import java.util.Map;

/** The placement filter chain, in the order it runs; a node is counted by the first that rejects it. */
enum NodeFilters implements NodeFilter {

    DOWN("node down") {
        @Override
        public boolean accepts(NodeLoad node, Constraints constraints, long memoryMb) {
            return node.state() != NodeState.DOWN;
        }
    },
    /** Registered but never heartbeated: its capacity and accelerator are not known yet. */
    NOT_READY("node not ready") {
        @Override
        public boolean accepts(NodeLoad node, Constraints constraints, long memoryMb) {
            return node.view().lastHeartbeat().isPresent();
        }
    },
    CORDONED("node cordoned") {
        @Override
        public boolean accepts(NodeLoad node, Constraints constraints, long memoryMb) {
            return node.state() != NodeState.CORDONED;
        }
    },
    DRAINING("node draining") {
        @Override
        public boolean accepts(NodeLoad node, Constraints constraints, long memoryMb) {
            return node.state() != NodeState.DRAINING;
        }
    },
    POOL("pool mismatch") {
        @Override
        public boolean accepts(NodeLoad node, Constraints constraints, long memoryMb) {
            return constraints.pool().map(node.view().pool()::equals).orElse(true);
        }
    },
    LABELS("labels mismatch") {
        @Override
        public boolean accepts(NodeLoad node, Constraints constraints, long memoryMb) {
            Map<String, String> have = node.view().labels();
            for (Map.Entry<String, String> want : constraints.labels().entrySet()) {
                if (!want.getValue().equals(have.get(want.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    },
    ACCELERATOR("accelerator mismatch") {
        @Override
        public boolean accepts(NodeLoad node, Constraints constraints, long memoryMb) {
            return constraints.accelerator().map(node.view().accelerator()::equals).orElse(true);
        }
    },
    /** Counts what this round planned before, so a node is never over-committed. */
    MEMORY("insufficient memory") {
        @Override
        public boolean accepts(NodeLoad node, Constraints constraints, long memoryMb) {
            return node.fits(memoryMb);
        }

        @Override
        public boolean dependsOnAllocations() {
            return true;
        }
    };

    static final List<NodeFilter> CHAIN = List.of(values());

    private final String reason;

    NodeFilters(String reason) {
        this.reason = reason;
    }

    @Override
    public String reason() {
        return reason;
    }
}
