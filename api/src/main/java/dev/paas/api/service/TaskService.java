package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.PageRequest;
import dev.paas.api.core.ReportedTransition;
import dev.paas.api.core.TaskOutcome;
import dev.paas.api.core.TaskRules;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.TaskEntity;
import dev.paas.model.CreateTaskRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.InstanceReport;
import dev.paas.model.InstanceState;
import dev.paas.model.Page;
import dev.paas.model.TaskState;
import dev.paas.model.TaskView;
import dev.paas.pushrules.ByteSize;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One-off tasks ({@code cf run-task}, {@code cf tasks}, {@code cf terminate-task}). A task runs
 * once in a VM of its own: an instance row ({@link InstanceEntity#task}) of the app's current
 * revision, placed by the scheduler like any instance (it stays PENDING with the reasons while no
 * node has room), started by its node's agent with the revision's env and the task's command
 * ({@code PAAS_PROCESS_COMMAND}), and never restarted. Its node's report of the VM's end decides
 * SUCCEEDED (exit 0) or FAILED ({@link TaskOutcome}).
 */
@ApplicationScoped
public class TaskService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_TEXT = 1024;
    private final Clock clock;
    private final EventLog events;
    private final EntityManager em;
    private final ConvergeSignal converge;
    private final LogHub logs;

    public TaskService(Clock clock, EventLog events, EntityManager em, ConvergeSignal converge, LogHub logs) {
        this.clock = clock;
        this.events = events;
        this.em = em;
        this.converge = converge;
        this.logs = logs;
    }

    @Transactional
    public TaskView create(Caller caller, String space, String app, CreateTaskRequest req) {
        AppEntity a = Lookup.app(caller, space, app);
        TaskRules rules = TaskRules.of(req, new ByteSize(a.memoryMb), new ByteSize(a.diskMbOrDefault()), RANDOM::nextInt);
        if (a.revision == null) {
            throw new ApiException(ErrorCode.CONFLICT, "app '" + app + "' has never been staged: a task runs the app's current "
                    + "droplet (Cloud Foundry: \"Task must have a droplet\"); push or stage it first");
        }
        // One writer of the app's task numbers at a time (Cloud Foundry's sequence_id).
        em.lock(a, LockModeType.PESSIMISTIC_WRITE);
        Integer last = em.createQuery("select max(t.sequenceId) from TaskEntity t where t.app = ?1", Integer.class)
                .setParameter(1, a).getSingleResult();
        Instant now = Instant.now(clock);
        TaskEntity t = new TaskEntity();
        t.app = a;
        t.sequenceId = last == null ? 1 : last + 1;
        t.guid = UUID.randomUUID().toString();
        t.name = rules.name();
        t.command = rules.command();
        t.state = TaskState.PENDING;
        t.memoryMb = rules.memory().megabytes();
        t.diskMb = rules.disk().megabytes();
        t.revision = a.revision;
        t.createdAt = now;
        t.updatedAt = now;
        t.persist();
        InstanceEntity vm = InstanceEntity.unclaimed(a, 0, now);
        vm.processType = InstanceEntity.TASK_PROCESS;
        vm.task = t;
        vm.revision = t.revision;
        vm.memoryMb = t.memoryMb;
        vm.diskMb = t.diskMb;
        vm.persist();
        t.instanceId = vm.id;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", t.sequenceId);
        details.put("name", t.name);
        details.put("memory", rules.memory().toString());
        // Not the command: it may carry secrets on its command line.
        events.record(caller, "task.create", a.space, a, target(a, t), details);
        converge.poke();
        return view(t, Optional.of(vm));
    }

    @Transactional
    public Page<TaskView> list(Caller caller, String space, String app, PageRequest page) {
        AppEntity a = Lookup.app(caller, space, app);
        var q = TaskEntity.<TaskEntity>find("app", Sort.descending("sequenceId"), a).page(page.page() - 1, page.perPage());
        return new Page<>(q.list().stream().map(t -> view(t, t.state.ended() ? Optional.empty() : t.vm())).toList(),
                page.page(), page.perPage(), q.count());
    }

    @Transactional
    public TaskView get(Caller caller, String space, String app, String id) {
        TaskEntity t = find(caller, space, app, id);
        return view(t, t.state.ended() ? Optional.empty() : t.vm());
    }

    /**
     * Ends the task as FAILED ("task was cancelled") and stops its VM: its node gets SIGTERM, then
     * SIGKILL after the grace period, as any stop. A task whose VM no node has reported yet loses its row at once.
     */
    @Transactional
    public TaskView cancel(Caller caller, String space, String app, String id) {
        TaskEntity t = find(caller, space, app, id);
        if (t.state.ended()) {
            throw new ApiException(ErrorCode.CONFLICT, "task " + t.sequenceId + " of app '" + app + "' has already ended ("
                    + t.state + "); there is nothing to cancel");
        }
        Instant now = Instant.now(clock);
        Optional<InstanceEntity> vm = t.vm();
        t.moveTo(TaskState.FAILED, now);
        t.exitCode = null;
        t.failureReason = TaskOutcome.CANCELLED;
        vm.ifPresent(i -> {
            // Not placed, or placed but not yet reported by its node (which may never have
            // started it, and then would never report it): forget the row, as a released
            // suspect is forgotten; an agent that did start it stops it, as it is no longer desired.
            if (i.node == null || i.state == InstanceState.CLAIMED || !i.state.holdsResources()) {
                if (i.node != null) {
                    i.node.desiredVersion++;
                }
                i.delete();
            } else if (i.desired != InstanceEntity.Desired.STOP) {
                i.desired = InstanceEntity.Desired.STOP;
                i.node.desiredVersion++;
            }
        });
        events.record(caller, "task.cancel", t.app.space, t.app, target(t.app, t), Map.of("id", t.sequenceId, "name", t.name));
        converge.poke();
        return view(t, Optional.empty());
    }

    /**
     * A node's report about a task's VM (in the heartbeat's transaction): RUNNING once the VM
     * runs; its end decides the outcome, which nothing changes afterwards (a cancelled task stays
     * cancelled). The ended VM leaves its node's desired list and its row is forgotten.
     * Returns whether the VM's state changed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean reported(InstanceEntity vm, InstanceReport r, Instant now) {
        InstanceState before = vm.state;
        Optional<InstanceState> next = ReportedTransition.next(before, r.state());
        if (next.isEmpty()) {
            return false;
        }
        TaskEntity t = vm.task;
        if (next.get() != before) {
            vm.moveTo(next.get(), r.since() == null || r.since().isAfter(now) ? now : r.since());
        }
        vm.endpoint = clip(r.endpoint());
        vm.healthy = r.healthy();
        switch (vm.state) {
            case STARTING, RUNNING -> {
                if (t.moveTo(TaskState.RUNNING, now)) {
                    t.nodeName = vm.node.name;
                    logs.add(t.app.id, "CELL", 0, "OUT", "task " + t.name + " (" + t.sequenceId + ") running on node " + vm.node.name);
                }
            }
            case CRASHED, STOPPED -> {
                vm.lastExit = clip(r.exitReason());
                if (before != vm.state) {
                    // Never restarted: the VM leaves the desired list, cleanUp forgets the row.
                    vm.desired = InstanceEntity.Desired.STOP;
                    vm.node.desiredVersion++;
                }
                if (!t.state.ended()) {
                    TaskOutcome outcome = TaskOutcome.of(t.name, r.exitReason());
                    t.nodeName = vm.node.name;
                    t.moveTo(outcome.state(), now);
                    t.exitCode = outcome.exitCode();
                    t.failureReason = clip(outcome.failureReason());
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("id", t.sequenceId);
                    details.put("name", t.name);
                    details.put("state", t.state.name());
                    if (t.exitCode != null) {
                        details.put("exitCode", t.exitCode);
                    }
                    events.record("node/" + vm.node.name, "task.end", t.app.space, t.app, target(t.app, t), details);
                }
            }
            default -> {
            }
        }
        return vm.state != before;
    }

    private static TaskEntity find(Caller caller, String space, String app, String id) {
        AppEntity a = Lookup.app(caller, space, app);
        int n;
        try {
            n = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            throw ApiException.invalid("id", "must be a task's number (1, 2, ...), as `paas tasks " + app + "` lists them; got '"
                    + clip(id) + "'");
        }
        int seq = n;
        return TaskEntity.of(a, seq).orElseThrow(() -> ApiException.notFound("task " + seq + " of app '" + app + "' in space '" + space + "'"));
    }

    /** The view; {@code vm} when the task has not ended (a pending one shows why no node took it). */
    static TaskView view(TaskEntity t, Optional<InstanceEntity> vm) {
        String reason = t.failureReason;
        String node = t.nodeName;
        if (t.state == TaskState.PENDING && vm.isPresent()) {
            reason = vm.get().placementError;
            node = vm.get().node == null ? null : vm.get().node.name;
        }
        return new TaskView(t.sequenceId, t.guid, t.name, t.command, t.state, t.exitCode, reason,
                new ByteSize(t.memoryMb).toString(), new ByteSize(t.diskMb).toString(), node, t.createdAt, t.updatedAt);
    }

    private static String target(AppEntity a, TaskEntity t) {
        return "app/" + a.space.name + "/" + a.name + "/tasks/" + t.sequenceId;
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 3) + "...";
    }
}
