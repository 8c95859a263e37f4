package dev.paas.bench.placement;

import dev.paas.model.InstanceState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.ConvergeInput;
import dev.paas.scheduler.api.ConvergePlan;
import dev.paas.scheduler.api.ConvergeSettings;
import dev.paas.scheduler.api.Converger;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Placement;
import dev.paas.scheduler.api.Scoring;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One convergence round on a big cluster: 1,000 apps × 10 instances (256 MB to 1 GB) onto
 * 1,000 empty 8 GB nodes ({@code placeAll}: 10,000 placements), and the same cluster once
 * everything runs ({@code steadyState}: nothing to do, the cost of every idle round).
 * Goal: {@code placeAll} ≤ 1 s on a 2-core machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlacementBenchmark {

    static final int NODES = 1_000;
    static final int APPS = 1_000;
    static final int INSTANCES_PER_APP = 10;
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final int[] MEMORY_MB = {256, 512, 768, 1024};

    @Param({"SPREAD", "BINPACK"})
    public Scoring scoring;

    private final Converger converger = Converger.standard();
    private ConvergeInput empty;
    private ConvergeInput running;

    @Setup(Level.Trial)
    public void setUp() {
        List<NodeView> nodes = new ArrayList<>(NODES);
        for (int n = 0; n < NODES; n++) {
            nodes.add(NodeView.ready(String.format("node-%04d", n), 8192, NOW.minusSeconds(2)));
        }
        List<DesiredApp> apps = new ArrayList<>(APPS);
        for (int a = 0; a < APPS; a++) {
            apps.add(DesiredApp.started(String.format("app-%04d", a), INSTANCES_PER_APP, "r1",
                    MEMORY_MB[a % MEMORY_MB.length]));
        }
        ConvergeSettings settings = ConvergeSettings.defaults().withScoring(scoring);
        empty = new ConvergeInput(apps, List.of(), nodes, NOW, settings);

        ConvergePlan plan = converger.converge(empty);
        if (plan.start().size() != APPS * INSTANCES_PER_APP || !plan.unplaceable().isEmpty()) {
            throw new IllegalStateException("expected 10,000 placements, got " + plan.start().size()
                    + " and " + plan.unplaceable().size() + " pending");
        }
        List<ActualInstance> actual = new ArrayList<>(plan.start().size());
        int id = 0;
        for (Placement p : plan.start()) {
            actual.add(new ActualInstance(InstanceId.of(Integer.toString(id++)), p.appId(), p.index(), p.release(),
                    InstanceState.RUNNING, Optional.of(p.node()), NOW, NOW, 0, Optional.of("10.0.0.1:8080")));
        }
        running = new ConvergeInput(apps, actual, nodes, NOW, settings);
    }

    @Benchmark
    public ConvergePlan placeAll() {
        return converger.converge(empty);
    }

    @Benchmark
    public ConvergePlan steadyState() {
        return converger.converge(running);
    }
}
