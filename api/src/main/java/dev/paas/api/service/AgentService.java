package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.NodeCaller;
import dev.paas.api.core.NodeSpec;
import dev.paas.api.core.ReportedTransition;
import dev.paas.api.core.SnapshotRows;
import dev.paas.api.core.UsageMath;
import dev.paas.api.core.LaunchEnvironment;
import dev.paas.api.core.ProcessKey;
import dev.paas.api.core.ProcessLaunch;
import dev.paas.api.infra.AppProcessEntity;
import dev.paas.api.infra.RouteEntity;
import dev.paas.api.infra.ServiceBindingEntity;
import dev.paas.api.infra.ServiceInstanceEntity;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.NodeEntity;
import dev.paas.model.DesiredInstance;
import dev.paas.model.HealthCheck;
import dev.paas.model.EgressRule;
import dev.paas.model.DesiredInstances;
import dev.paas.model.HeartbeatResponse;
import dev.paas.model.InstanceReport;
import dev.paas.model.InstanceState;
import dev.paas.model.NodeHeartbeat;
import dev.paas.model.NodeState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * What node agents call with their node credential: heartbeats (capacity and actual instance
 * states in) and desired instances (assignments out). The scheduler reads what this writes.
 */
@ApplicationScoped
public class AgentService {

    /** Grace period agents give an app between SIGTERM and SIGKILL, as Cloud Foundry's default. */
    public static final int GRACE_SECONDS = 10;
    private static final int MAX_REPORTS = 1000;
    private static final int MAX_TEXT = 1024;
    private static final Logger LOG = Logger.getLogger(AgentService.class);
    /** A task VM's health check: its process. */
    private static final HealthCheck TASK_CHECK = new HealthCheck(dev.paas.model.HealthCheckType.PROCESS, null, 180);
    private final Clock clock;
    private final EventLog events;
    private final ConvergeSignal converge;
    private final LogHub logs;
    private final SecurityGroupService securityGroups;
    private final UsageMeters meters;
    private final ServiceBindingService bindings;
    private final TaskService tasks;
    private final NodeSnapshots snapshots;

    public AgentService(Clock clock, EventLog events, ConvergeSignal converge, LogHub logs, SecurityGroupService securityGroups,
                        UsageMeters meters, ServiceBindingService bindings, TaskService tasks, NodeSnapshots snapshots) {
        this.tasks = tasks;
        this.snapshots = snapshots;
        this.meters = meters;
        this.bindings = bindings;
        this.clock = clock;
        this.events = events;
        this.converge = converge;
        this.logs = logs;
        this.securityGroups = securityGroups;
    }

    @Transactional
    public HeartbeatResponse heartbeat(NodeCaller caller, NodeHeartbeat hb) {
        if (hb == null) {
            throw ApiException.invalid("body", "is required");
        }
        NodeSpec.Capacity capacity = NodeSpec.capacity(hb.memoryMb(), hb.vcpus());
        NodeSpec.accelerator(hb.accelerator());
        List<InstanceReport> reports = hb.instances() == null ? List.of() : hb.instances();
        if (reports.size() > MAX_REPORTS) {
            throw ApiException.invalid("instances", "has " + reports.size() + " reports; send at most " + MAX_REPORTS);
        }
        for (int i = 0; i < reports.size(); i++) {
            InstanceReport r = reports.get(i);
            if (r == null || r.state() == null) {
                throw ApiException.invalid("instances[" + i + "].state", "is required");
            }
        }
        SnapshotRows.checkSize(hb.snapshots());
        Instant now = Instant.now(clock);
        NodeEntity n = NodeEntity.findById(caller.nodeId());
        n.memoryMb = capacity.memoryMb();
        n.vcpus = capacity.vcpus();
        n.accelerator = hb.accelerator();
        n.allocatedMb = hb.allocatedMb() == null ? 0 : Math.max(0, hb.allocatedMb());
        Instant previousHeartbeat = n.lastHeartbeatAt;
        n.lastHeartbeatAt = now;
        boolean changed = false;
        if (n.state == NodeState.DOWN) {
            n.moveTo(NodeState.READY);
            events.record("node/" + n.name, "node.up", null, null, "node/" + n.name, Map.of());
            changed = true;
        }
        Map<Long, InstanceEntity> mine = InstanceEntity.<InstanceEntity>list("node", n).stream()
                .collect(Collectors.toMap(i -> i.id, Function.identity()));
        for (InstanceReport r : reports) {
            InstanceEntity inst = mine.get(r.instanceId());
            if (inst == null) {
                continue; // Not (or no longer) ours: the agent stops it since it is not desired.
            }
            changed |= apply(inst, r, previousHeartbeat, now);
        }
        // Where clones are possible only steers later placements: nothing to converge now.
        List<Long> unneeded = snapshots.replace(n, hb.snapshots(), hb.accelerator(), now);
        if (changed) {
            converge.poke();
        }
        return new HeartbeatResponse(n.state, n.desiredVersion, unneeded);
    }

    /** Applies one report; returns whether the instance's state changed. */
    private boolean apply(InstanceEntity inst, InstanceReport r, Instant previousHeartbeat, Instant now) {
        if (inst.task != null) {
            boolean changed = tasks.reported(inst, r, now);
            usage(inst, r, previousHeartbeat, now);
            return changed;
        }
        InstanceState before = inst.state;
        Optional<InstanceState> next = ReportedTransition.next(before, r.state());
        if (next.isEmpty()) {
            LOG.debugf("heartbeat.ignored-transition instance=%d from=%s to=%s", inst.id, before, r.state());
            return false;
        }
        if (next.get() != before) {
            inst.moveTo(next.get(), r.since() == null || r.since().isAfter(now) ? now : r.since());
            if (r.state() == InstanceState.CRASHED) {
                // A crashed instance leaves the node's desired list at once (the agent would
                // otherwise restart it itself); the scheduler decides when a new one starts.
                inst.node.desiredVersion++;
                inst.crashCount++;
                inst.lastCrashAt = now;
                inst.lastExit = clip(r.exitReason());
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("index", inst.idx);
                details.put("reason", inst.lastExit == null ? "unknown" : inst.lastExit);
                details.put("crashCount", inst.crashCount);
                events.record("node/" + inst.node.name, "instance.crash", inst.app.space, inst.app, "app/" + inst.app.space.name + "/" + inst.app.name, details);
            } else if (r.state() == InstanceState.STOPPED && r.exitReason() != null) {
                inst.lastExit = clip(r.exitReason());
            }
            if (r.state() != InstanceState.CRASHED) {
                // Crashes reach the log stream through their event; the rest of the lifecycle here.
                logs.add(inst.app.id, "CELL", inst.idx, "OUT", switch (r.state()) {
                    case STARTING -> "starting on node " + inst.node.name;
                    case RUNNING -> "running on node " + inst.node.name + " at " + r.endpoint() + (Boolean.FALSE.equals(r.healthy()) ? "" : ", healthy");
                    case STOPPING -> "stopping";
                    case STOPPED -> "stopped" + (r.exitReason() == null ? "" : ": " + r.exitReason());
                    default -> r.state().name().toLowerCase(java.util.Locale.ROOT);
                });
            }
        }
        inst.endpoint = clip(r.endpoint());
        inst.healthy = r.healthy();
        usage(inst, r, previousHeartbeat, now);
        return inst.state != before;
    }

    /**
     * The instance's usage: CPU in percent of one core between this heartbeat and the node's one
     * before (none when either has no figure, or the VM's CPU went down: a new VM), and the guest's
     * memory use as reported.
     */
    private void usage(InstanceEntity inst, InstanceReport r, Instant previousHeartbeat, Instant now) {
        Double before = inst.cpuSeconds;
        inst.cpuPercent = UsageMath.cpuPercent(before, r.cpuSeconds(), previousHeartbeat, now);
        inst.rssBytes = r.rssBytes();
        inst.cpuSeconds = r.cpuSeconds();
        inst.memoryUsedBytes = r.memoryUsedBytes() == null || r.memoryUsedBytes() < 0 ? null : r.memoryUsedBytes();
        meters.instance(inst);
    }

    /** The current desired version of the node (cheap: for the long-poll loop). */
    @Transactional
    public long desiredVersion(NodeCaller caller) {
        return NodeEntity.<NodeEntity>findById(caller.nodeId()).desiredVersion;
    }

    @Transactional
    public DesiredInstances desired(NodeCaller caller) {
        NodeEntity n = NodeEntity.findById(caller.nodeId());
        List<InstanceEntity> list = InstanceEntity.list("node = ?1 and desired = ?2 and state not in (?3, ?4) order by id", n,
                InstanceEntity.Desired.RUN, InstanceState.CRASHED, InstanceState.STOPPED);
        Map<Long, List<EgressRule>> egress = securityGroups.egress(list.stream().map(i -> i.app.space.id).collect(Collectors.toSet()));
        Map<Long, List<String>> uris = uris(list.stream().map(i -> i.app.id).collect(Collectors.toSet()));
        Map<Long, List<EgressRule>> serviceEgress = serviceEgress(list.stream().map(i -> i.app.id).collect(Collectors.toSet()));
        Map<Long, ControlPlaneDrains.Target> drains = ControlPlaneDrains.byApp(list.stream().map(i -> i.app.id).collect(Collectors.toSet()));
        // One decryption per revision, not per instance: a node often runs several of one revision.
        Map<Long, String> vcapServices = new java.util.HashMap<>();
        List<DesiredInstance> out = list.stream().map(i -> {
            // The env of the revision the instance runs (a rollback or restart makes a new instance).
            Map<String, String> appEnv = i.revision == null ? i.app.env : i.revision.env;
            LaunchEnvironment.App facts = new LaunchEnvironment.App(i.app.id, i.app.name, i.app.space.id, i.app.space.name,
                    uris.getOrDefault(i.app.id, List.of()), i.memoryMb, i.diskMbOrDefault(), i.revision == null ? 0 : i.revision.id);
            Map<String, String> env = LaunchEnvironment.of(appEnv, facts, i.idx, i.id, i.revision == null ? bindings.vcapServices(null)
                    : vcapServices.computeIfAbsent(i.revision.id, id -> bindings.vcapServices(i.revision)));
            HealthCheck check;
            if (i.task != null) {
                // A task runs its own command once; its health is its process (no port), and a
                // process check passes at once, so no start-up deadline can end a long task.
                env = ProcessLaunch.of(env, ProcessLaunch.TASK, i.task.command);
                check = TASK_CHECK;
            } else {
                // A worker (any type but web) runs the same image with its own command and health check.
                AppProcessEntity process = ProcessKey.WEB.equals(i.processType) ? null
                        : AppProcessEntity.of(i.app, i.processType).orElse(null);
                env = ProcessLaunch.of(env, i.processType, process == null ? null : process.command);
                check = process == null ? AppService.spec(i.app).healthCheck().toView()
                        : ProcessService.spec(process).healthCheck().toView();
            }
            return new DesiredInstance(i.id, i.app.space.name, i.app.name, i.idx,
                    i.revision == null ? null : i.revision.image.digest, i.memoryMb, check,
                    GRACE_SECONDS, env, egress.get(i.app.space.id), i.diskMbOrDefault(),
                    serviceEgress.getOrDefault(i.app.id, List.of()),
                    // A task is never cloned: a restore would resume another run of the same
                    // command where its snapshot left it.
                    !i.app.clones || i.task != null,
                    drains.containsKey(i.app.id) ? drains.get(i.app.id).drains() : List.of(),
                    // Recorded with a snapshot of the instance, so heartbeats can name its revision.
                    i.revision == null ? 0 : i.revision.id);
        }).toList();
        return new DesiredInstances(n.desiredVersion, out);
    }

    /**
     * What each app's managed bindings open: one tcp rule per binding whose credentials named an
     * endpoint (resolved to IPv4 when the binding was made). User-provided credentials open nothing:
     * a developer could point them anywhere, the platform's own addresses included.
     */
    private static Map<Long, List<EgressRule>> serviceEgress(java.util.Set<Long> appIds) {
        if (appIds.isEmpty()) {
            return Map.of();
        }
        return ServiceBindingEntity.<ServiceBindingEntity>list("app.id in ?1 and egressAddress is not null and instance.type = ?2 order by id",
                        appIds, ServiceInstanceEntity.MANAGED).stream()
                .collect(Collectors.groupingBy(b -> b.app.id, Collectors.mapping(
                        b -> new EgressRule("tcp", b.egressAddress, Integer.toString(b.egressPort)),
                        Collectors.collectingAndThen(Collectors.toList(), l -> l.stream().distinct().toList()))));
    }

    /** Each app's routes as VCAP_APPLICATION lists them: {@code host[/path]}, sorted. */
    private static Map<Long, List<String>> uris(java.util.Set<Long> appIds) {
        if (appIds.isEmpty()) {
            return Map.of();
        }
        return RouteEntity.<RouteEntity>list("app.id in ?1", appIds).stream()
                .collect(Collectors.groupingBy(r -> r.app.id, Collectors.mapping(
                        r -> r.host + (r.path == null || r.path.isEmpty() ? "" : r.path),
                        Collectors.collectingAndThen(Collectors.toList(), l -> l.stream().sorted().toList()))));
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 3) + "...";
    }
}
