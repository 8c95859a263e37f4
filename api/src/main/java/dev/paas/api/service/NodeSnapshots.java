package dev.paas.api.service;

import dev.paas.api.core.SnapshotRows;
import dev.paas.api.infra.NodeEntity;
import dev.paas.api.infra.NodeSnapshotEntity;
import dev.paas.api.infra.RevisionEntity;
import dev.paas.model.Accelerator;
import dev.paas.model.SnapshotReport;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The {@code snapshots} table: which node holds a snapshot clone of which revision. A node
 * without one boots that revision's instances cold (snapshots never leave their node: they hold
 * guest memory, bound credentials included, and only load into the same QEMU, accelerator and
 * CPU), so the scheduler prefers the nodes listed here. Written only by heartbeats, inside their
 * transaction.
 */
@ApplicationScoped
public class NodeSnapshots {

    private static final Logger LOG = Logger.getLogger(NodeSnapshots.class);

    /**
     * Makes {@code node}'s rows what {@code reports} says (null: an agent too old to report, the
     * rows stay). Writes only what changed: an unchanged report every few seconds costs a read.
     * Reports that cannot be rows are left out and logged ({@code heartbeat.snapshot-ignored}).
     *
     * @return the reported revisions no app needs: not the current revision of their app (a later
     *     push, restage or rollback replaced it) or gone with their app. Issue 18: "snapshots no
     *     revision needs are deleted"; the node keeps one a running VM still uses, and the disk
     *     budget (LRU) bounds the rest. Sorted, each once; empty for an old agent that reports nothing
     */
    public List<Long> replace(NodeEntity node, List<SnapshotReport> reports, Accelerator accelerator, Instant now) {
        if (reports == null) {
            return List.of();
        }
        Set<Long> reported = reports.stream().filter(Objects::nonNull).map(SnapshotReport::revisionId)
                .filter(id -> id != null && id > 0).collect(Collectors.toCollection(TreeSet::new));
        Map<Long, Boolean> known = revisions(reported);
        SnapshotRows.Result result = SnapshotRows.of(reports, accelerator, known.keySet(), now);
        for (SnapshotRows.Ignored i : result.ignored()) {
            // A revision deleted with its app stays on the node until its budget evicts it: expected, quiet.
            if ("unknown-revision".equals(i.reason())) {
                LOG.debugf("heartbeat.snapshot-ignored node=%s index=%d revision=%s reason=%s", node.name, i.index(), i.revisionId(), i.reason());
            } else {
                LOG.warnf("heartbeat.snapshot-ignored node=%s index=%d revision=%s reason=%s", node.name, i.index(), i.revisionId(), i.reason());
            }
        }
        Map<SnapshotRows.Key, NodeSnapshotEntity> stored = new HashMap<>();
        for (NodeSnapshotEntity e : NodeSnapshotEntity.<NodeSnapshotEntity>list("nodeId", node.id)) {
            stored.put(new SnapshotRows.Key(e.revisionId, e.memoryMb, e.diskMb), e);
        }
        for (SnapshotRows.Row row : result.rows()) {
            NodeSnapshotEntity e = stored.remove(row.key());
            if (e == null) {
                e = new NodeSnapshotEntity();
                e.nodeId = node.id;
                e.revisionId = row.revisionId();
                e.memoryMb = row.memoryMb();
                e.diskMb = row.diskMb();
                set(e, row, now);
                e.persist();
            } else if (e.accelerator != row.accelerator() || e.sizeBytes != row.sizeBytes()
                    || !Objects.equals(e.lastUsedAt, row.lastUsedAt())) {
                set(e, row, now);
            }
        }
        stored.values().forEach(NodeSnapshotEntity::delete);
        reported.removeIf(id -> known.getOrDefault(id, false));
        return List.copyOf(reported);
    }

    private static void set(NodeSnapshotEntity e, SnapshotRows.Row row, Instant now) {
        e.accelerator = row.accelerator();
        e.sizeBytes = row.sizeBytes();
        e.lastUsedAt = row.lastUsedAt();
        e.reportedAt = now;
    }

    /**
     * Which of these revision ids exist, each with whether it is its app's current revision: one
     * query per heartbeat that reports snapshots.
     */
    private static Map<Long, Boolean> revisions(Set<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = RevisionEntity.getEntityManager().createNativeQuery(
                        "select r.id, exists (select 1 from apps a where a.revision_id = r.id) from revisions r where r.id in (:ids)")
                .setParameter("ids", ids).getResultList();
        Map<Long, Boolean> out = new HashMap<>();
        rows.forEach(r -> out.put(((Number) r[0]).longValue(), (Boolean) r[1]));
        return out;
    }
}
