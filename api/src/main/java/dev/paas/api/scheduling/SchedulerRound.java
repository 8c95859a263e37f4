package dev.paas.api.scheduling;

import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.AppProcessEntity;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.NodeEntity;
import dev.paas.api.service.RouterRegistry;
import dev.paas.model.InstanceState;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.ConvergeSettings;
import dev.paas.scheduler.api.Converger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.paas.scheduler.api.Release;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One scheduling round: read a consistent snapshot, converge, write the plan ({@link PlanWriter}),
 * move the drain handshake on ({@link Drains}), forget what finished stopping. Called only by the
 * leader's loop thread; each step is one transaction.
 */
@ApplicationScoped
public class SchedulerRound {

    private final EntityManager em;
    private final Clock clock;
    private final Converger converger = Converger.standard();
    private final PlanWriter writer;
    private final Drains drains;
    private final RouterRegistry routers;

    public SchedulerRound(EntityManager em, Clock clock, PlanWriter writer, Drains drains, RouterRegistry routers) {
        this.em = em;
        this.clock = clock;
        this.writer = writer;
        this.drains = drains;
        this.routers = routers;
    }

    /** Runs one round as a scheduler that has heard every heartbeat all along; returns whether it changed anything. */
    public boolean run(Duration heartbeatTimeout) {
        return run(heartbeatTimeout, Instant.MIN);
    }

    /**
     * Runs one round; returns whether it changed anything. {@code freshSince} is when this
     * scheduler began to hear heartbeats (it became leader or reconnected to the database): no
     * node is declared DOWN before it has had {@code heartbeatTimeout} from then to report.
     */
    public boolean run(Duration heartbeatTimeout, Instant freshSince) {
        ConvergeInput input = snapshot(heartbeatTimeout).withFreshSince(freshSince);
        ConvergePlan plan = converger.converge(input);
        return writer.apply(plan) | drains.finish() | cleanUp();
    }

    @Transactional
    ConvergeInput snapshot(Duration heartbeatTimeout) {
        // All reads of the round see one moment of the database.
        em.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").executeUpdate();
        var apps = new java.util.ArrayList<>(AppEntity.<AppEntity>listAll().stream().map(Snapshot::desired).flatMap(Optional::stream).toList());
        AppProcessEntity.<AppProcessEntity>listAll().stream().map(Snapshot::desired).flatMap(Optional::stream).forEach(apps::add);
        var actual = InstanceEntity.<InstanceEntity>list("state <> ?1 and task is null", InstanceState.STOPPED).stream().map(Snapshot::actual).toList();
        var tasks = InstanceEntity.<InstanceEntity>list("state <> ?1 and task is not null", InstanceState.STOPPED).stream().map(Snapshot::task).toList();
        Map<Long, Set<Release>> held = snapshotsByNode();
        var nodes = NodeEntity.<NodeEntity>listAll().stream()
                .map(n -> Snapshot.node(n).withSnapshots(held.getOrDefault(n.id, Set.of()))).toList();
        ConvergeSettings settings = ConvergeSettings.defaults().withHeartbeatTimeout(heartbeatTimeout);
        return new ConvergeInput(apps, actual, nodes, Instant.now(clock), settings).withTasks(tasks);
    }

    /**
     * The releases each node holds a snapshot of ({@code snapshots}, as heartbeats reported them),
     * only those taken under the accelerator the node runs now: a clone needs the same.
     */
    private Map<Long, Set<Release>> snapshotsByNode() {
        Map<Long, Set<Release>> out = new HashMap<>();
        List<Object[]> rows = em.createQuery("select s.nodeId, s.revisionId, s.memoryMb, s.diskMb from NodeSnapshotEntity s, NodeEntity n"
                + " where n.id = s.nodeId and n.accelerator = s.accelerator", Object[].class).getResultList();
        for (Object[] r : rows) {
            out.computeIfAbsent((Long) r[0], id -> new HashSet<>())
                    .add(Release.of(Long.toString((Long) r[1]), (Integer) r[2], (Integer) r[3]));
        }
        return out;
    }

    /** Forgets instances that have finished stopping. */
    @Transactional
    boolean cleanUp() {
        List<InstanceEntity> done = InstanceEntity.list("state = ?1 or (desired = ?2 and state = ?3)",
                InstanceState.STOPPED, InstanceEntity.Desired.STOP, InstanceState.CRASHED);
        done.forEach(InstanceEntity::delete);
        routers.forgetGone(); // nothing the scheduler plans depends on it
        return !done.isEmpty();
    }

}
