package dev.paas.scheduler.core;

import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.Converger;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.Pending;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.Release;
import dev.paas.scheduler.api.StartReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The standard {@link Converger}. One round, in order:
 * <ol>
 *   <li>nodes whose heartbeat is too old (counted from no earlier than
 *       {@link ConvergeInput#freshSince()}) become DOWN ({@link Cluster}), and the memory the
 *       remaining instances hold is summed per node;</li>
 *   <li>every app, by id, decides its stops and collects start requests ({@link AppRound});</li>
 *   <li>every task VM not placed yet asks for a node ({@link ConvergeInput#tasks()}: they are
 *       in no app's round, but their memory counts from step 1 on);</li>
 *   <li>all start requests are placed, most urgent first ({@link StartRequest#PLACEMENT_ORDER}),
 *       each booked before the next ({@link Placer}); those that fit nowhere become pending.</li>
 * </ol>
 * Stateless: one instance serves any number of threads.
 */
public final class Convergence implements Converger {

    @Override
    public ConvergePlan converge(ConvergeInput input) {
        List<ActualInstance> everyVm = new ArrayList<>(input.actual());
        everyVm.addAll(input.tasks());
        Cluster cluster = Cluster.of(input.nodes(), everyVm, input.now(), input.settings().heartbeatTimeout(),
                input.freshSince());
        PlanBuilder plan = new PlanBuilder();
        plan.markDown(cluster.newlyDown());

        Map<String, DesiredApp> desired = new TreeMap<>();
        for (DesiredApp app : input.apps()) {
            if (desired.put(app.id(), app) != null) {
                throw new IllegalArgumentException("app " + app.id() + " is listed twice in the snapshot");
            }
        }
        Map<String, List<ActualInstance>> actualByApp = new TreeMap<>();
        for (ActualInstance instance : input.actual()) {
            actualByApp.computeIfAbsent(instance.appId(), id -> new ArrayList<>()).add(instance);
        }
        TreeSet<String> appIds = new TreeSet<>(desired.keySet());
        appIds.addAll(actualByApp.keySet());

        List<StartRequest> starts = new ArrayList<>();
        for (String appId : appIds) {
            new AppRound(appId, Optional.ofNullable(desired.get(appId)), actualByApp.getOrDefault(appId, List.of()),
                    cluster, input.now(), input.settings()).plan(plan, starts);
        }
        tasks(input.tasks(), starts);
        place(starts, new Placer(cluster, everyVm, input.settings().scoring()), plan);
        return plan.build();
    }

    /**
     * A task's VM that has not been placed yet asks for a node; nothing else about tasks is the
     * round's business (never restarted, stopped only when cancelled, which the caller writes).
     */
    private static void tasks(List<ActualInstance> tasks, List<StartRequest> starts) {
        for (ActualInstance task : tasks) {
            if (task.state() == dev.paas.model.InstanceState.UNCLAIMED) {
                starts.add(new StartRequest(task.appId(), task.index(), task.release(), dev.paas.scheduler.api.Constraints.none(),
                        Optional.of(task.id()), dev.paas.scheduler.api.StartReason.TASK));
            }
        }
    }

    private static void place(List<StartRequest> starts, Placer placer, PlanBuilder plan) {
        starts.sort(StartRequest.PLACEMENT_ORDER);
        for (StartRequest request : starts) {
            // A task always boots (a restore would resume another run of its command): no clone.
            Optional<Release> clone = request.reason() == StartReason.TASK ? Optional.empty() : Optional.of(request.release());
            Placer.Outcome outcome = placer.place(request.appId(), request.constraints(), request.release().memoryMb(), clone);
            if (outcome instanceof Placer.Placed placed) {
                plan.start(new Placement(request.appId(), request.index(), request.release(), placed.node(),
                        request.instance(), request.reason()));
            } else if (outcome instanceof Placer.NoFit noFit) {
                plan.pending(new Pending(request.appId(), request.index(), request.release(), request.instance(),
                        request.reason(), noFit.rejections()));
            }
        }
    }
}
