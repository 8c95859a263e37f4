package dev.paas.model;

import java.time.Instant;

/**
 * One instance of an app as users see it ({@code paas app NAME}): where it runs, its state since
 * when, why it is pending or crashed, and what it uses.
 */
public record InstanceView(int index, InstanceState state, Instant since, String node, String endpoint,
                           Boolean healthy, int crashCount, String lastExit, String placementError,
                           Long rssBytes, Double cpuSeconds, Long revision) {
}
