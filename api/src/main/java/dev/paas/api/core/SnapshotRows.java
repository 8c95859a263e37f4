package dev.paas.api.core;

import dev.paas.model.Accelerator;
import dev.paas.model.SnapshotReport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A heartbeat's snapshot reports turned into rows of the {@code snapshots} table. A host may send
 * anything: a report that cannot be a row (a value missing or out of range, a revision the control
 * plane does not know, the same snapshot twice) is left out with its reason, never refused, so one
 * bad report costs neither the heartbeat nor the node's other rows. Only a list too long to be a
 * node's is refused (a 400 naming {@code snapshots}, before anything is written).
 */
public final class SnapshotRows {

    /** Earlier than any snapshot (and far inside what PostgreSQL's timestamps hold). */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Far more than a node's disk budget holds (the agent reports at most 500). */
    public static final int MAX_REPORTS = 1000;

    /** One row: a snapshot of {@code revisionId} at {@code memoryMb}/{@code diskMb} on the node. */
    public record Row(long revisionId, int memoryMb, int diskMb, Accelerator accelerator, long sizeBytes, Instant lastUsedAt) {

        /** What the table's unique key is made of (per node). */
        public Key key() {
            return new Key(revisionId, memoryMb, diskMb);
        }
    }

    public record Key(long revisionId, int memoryMb, int diskMb) {
    }

    /** A report left out: its position in the list and why. */
    public record Ignored(int index, Long revisionId, String reason) {
    }

    public record Result(List<Row> rows, List<Ignored> ignored) {
    }

    private SnapshotRows() {
    }

    /** Refuses a list longer than {@link #MAX_REPORTS}; null (an older agent) and empty pass. */
    public static void checkSize(List<SnapshotReport> reports) {
        if (reports != null && reports.size() > MAX_REPORTS) {
            throw ApiException.invalid("snapshots", "has " + reports.size() + " reports; send at most " + MAX_REPORTS);
        }
    }

    /**
     * The rows of {@code reports}, in order, the first of duplicates kept.
     *
     * @param nodeAccelerator what the heartbeat says the node runs: a report without an accelerator was taken under it
     * @param knownRevisions  the reported revision ids the control plane has
     * @param now             a last use in the future (a host's clock ahead) counts as now
     */
    public static Result of(List<SnapshotReport> reports, Accelerator nodeAccelerator, Set<Long> knownRevisions, Instant now) {
        List<Row> rows = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>();
        Set<Key> seen = new HashSet<>();
        for (int i = 0; i < reports.size(); i++) {
            SnapshotReport r = reports.get(i);
            String problem = problem(r, knownRevisions);
            if (problem != null) {
                ignored.add(new Ignored(i, r == null ? null : r.revisionId(), problem));
                continue;
            }
            Instant used = r.lastUsedAt().isAfter(now) ? now : r.lastUsedAt();
            Row row = new Row(r.revisionId(), r.memoryMb(), r.diskMb(), r.accelerator() == null ? nodeAccelerator : r.accelerator(),
                    r.sizeBytes(), used.truncatedTo(ChronoUnit.MICROS));  // PostgreSQL keeps microseconds
            if (!seen.add(row.key())) {
                ignored.add(new Ignored(i, r.revisionId(), "duplicate"));
                continue;
            }
            rows.add(row);
        }
        return new Result(List.copyOf(rows), List.copyOf(ignored));
    }

    /** Why {@code r} cannot be a row, or null. */
    private static String problem(SnapshotReport r, Set<Long> knownRevisions) {
        if (r == null) {
            return "empty";
        }
        if (r.revisionId() == null || r.revisionId() <= 0) {
            return "revisionId-missing";
        }
        if (r.memoryMb() == null || r.memoryMb() <= 0) {
            return "memoryMb-not-positive";
        }
        if (r.diskMb() == null || r.diskMb() <= 0) {
            return "diskMb-not-positive";
        }
        if (r.sizeBytes() == null || r.sizeBytes() < 0) {
            return "sizeBytes-negative";
        }
        if (r.lastUsedAt() == null || r.lastUsedAt().isBefore(EARLIEST)) {
            return "lastUsedAt-missing";
        }
        if (!knownRevisions.contains(r.revisionId())) {
            return "unknown-revision";
        }
        return null;
    }
}
