package dev.paas.model;

import java.time.Instant;

/**
 * One instance of an app as users see it ({@code paas app NAME}): where it runs, its state since
 * when, why it is pending or crashed, and what it uses.
 *
 * @param suspect its node is DOWN (no heartbeat within the time-out), so whether it still runs is
 *                unknown: it is kept (and routed, if it was RUNNING) until a replacement elsewhere
 *                is RUNNING, or until its node reports again; {@code state} is the last one reported
 */
public record InstanceView(int index, InstanceState state, Instant since, String node, String endpoint,
                           Boolean healthy, int crashCount, String lastExit, String placementError,
                           Long rssBytes, Double cpuSeconds, Long revision, boolean suspect) {

    /** Not suspect. */
    public InstanceView(int index, InstanceState state, Instant since, String node, String endpoint,
                        Boolean healthy, int crashCount, String lastExit, String placementError,
                        Long rssBytes, Double cpuSeconds, Long revision) {
        this(index, state, since, node, endpoint, healthy, crashCount, lastExit, placementError, rssBytes, cpuSeconds,
                revision, false);
    }
}
