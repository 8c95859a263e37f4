package dev.paas.scheduler.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many nodes each placement filter turned away, by the filter's constant reason
 * ("insufficient memory", "node cordoned", ...). Every node is counted once, by the first
 * filter that rejected it.
 */
public record Rejections(Map<String, Integer> countsByReason) {

    public Rejections {
        countsByReason = Map.copyOf(new TreeMap<>(countsByReason));
    }

    /** Total nodes rejected. */
    public int nodes() {
        return countsByReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * What {@code paas app} shows, most common reason first (then alphabetical):
     * {@code "pending: 3 nodes insufficient memory, 1 cordoned"}; {@code "pending: no nodes"} on an
     * empty cluster.
     */
    public String message() {
        if (countsByReason.isEmpty()) {
            return "pending: no nodes";
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(countsByReason.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(e -> shortReason(e.getKey())));
        StringBuilder out = new StringBuilder("pending: ");
        for (int i = 0; i < entries.size(); i++) {
            int count = entries.get(i).getValue();
            String reason = shortReason(entries.get(i).getKey());
            if (i == 0) {
                out.append(count).append(count == 1 ? " node " : " nodes ").append(reason);
            } else {
                out.append(", ").append(count).append(' ').append(reason);
            }
        }
        return out.toString();
    }

    private static String shortReason(String reason) {
        return reason.startsWith("node ") ? reason.substring("node ".length()) : reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
