package dev.paas.nodeagent.infra;

import dev.paas.kernel.api.VmConfig;
import dev.paas.model.DesiredInstance;
import dev.paas.model.DesiredInstances;
import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.model.InstanceState;
import dev.paas.nodeagent.api.ImageSource;
import dev.paas.nodeagent.api.LocalImage;
import dev.paas.nodeagent.core.HealthPolicy;
import dev.paas.nodeagent.core.PortAllocator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshot clones in the supervisor (InstanceRunner): when it snapshots, restores, falls back, and never does. */
class SnapshotSupervisionTest {

    private static final String DIGEST = "c".repeat(64);
    private static final String ID = "c".repeat(24);

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private FakeDriver driver;
    private Supervisor supervisor;
    private LogTailer tailer;

    @BeforeEach
    void setUp() {
        driver = new FakeDriver(dir);
        driver.snapshotting = true;
        ImageSource images = new ImageSource() {
            @Override
            public LocalImage obtain(String digest) {
                return new LocalImage(digest, dir.resolve("kernel"), dir.resolve("initrd"), List.of(), 8080, VmConfig.DEFAULT_TCG_CACHE_MIB);
            }

            @Override
            public void pin(Set<String> digestsInUse) {
            }
        };
        tailer = new LogTailer(Clock.systemUTC());
        supervisor = new Supervisor(vertx, driver, images, tailer, new PortAllocator(25100, 25109), HealthPolicy.defaults(),
                Clock.systemUTC(), "127.0.0.1", 1024, id -> dir.resolve(Long.toString(id)), new AgentMetrics(new SimpleMeterRegistry()));
        supervisor.start();
    }

    @AfterEach
    void tearDown() {
        supervisor.stop();
        tailer.close();
        vertx.close();
    }

    private static DesiredInstance d(long id, boolean clonesOff) {
        return new DesiredInstance(id, "dev", "web", (int) id, DIGEST, 64, new HealthCheck(HealthCheckType.PROCESS, null, 60),
                3, Map.of(), List.of(), 64, List.of(), clonesOff).withRevisionId(7);
    }

    @Test
    void aHealthyInstanceIsSnapshottedOnceAndTheNextOneIsRestoredFromIt() throws Exception {
        supervisor.desired(new DesiredInstances(1, List.of(d(1, false))));
        awaitTrue(() -> driver.snapshots.contains(ID));
        supervisor.desired(new DesiredInstances(2, List.of(d(1, false), d(2, false))));
        awaitTrue(() -> running(2) && cell(2).stream().anyMatch(t -> t.startsWith("paas-agent: restored from snapshot " + ID + " in ")));
        assertThat(driver.calls).containsExactly("start 1 port 25100", "snapshot 1 as " + ID, "restore 2 from " + ID);
        assertThat(driver.snapshotRevisions).as("recorded with the instance's revision, for the heartbeats").containsEntry(1L, 7L);
        assertThat(cell(1)).anyMatch(t -> t.equals("paas-agent: snapshot " + ID
                + " taken: memory 30 MiB, disk 1 MiB, guest paused 12 ms, 345 ms in all"));
    }

    @Test
    void aFailedRestoreDropsTheSnapshotAndBootsColdSayingWhy() throws Exception {
        driver.snapshots.add(ID);
        driver.restoreFails = true;
        supervisor.desired(new DesiredInstances(1, List.of(d(1, false))));
        awaitTrue(() -> running(1));
        assertThat(driver.calls).startsWith("restore 1 from " + ID, "drop " + ID, "start 1 port 25100");
        assertThat(cell(1)).contains("paas-agent: restore from snapshot " + ID + " failed, booting cold (snapshot dropped): "
                + "its memory file is corrupt (CRC32C 1, its record says 2)");
        // the cold instance, once healthy, gives the key a new snapshot
        awaitTrue(() -> driver.calls.contains("snapshot 1 as " + ID));
    }

    @Test
    void anAppWithClonesOffNeitherRestoresNorIsSnapshotted() throws Exception {
        driver.snapshots.add(ID);
        supervisor.desired(new DesiredInstances(1, List.of(d(1, true))));
        awaitTrue(() -> running(1));
        driver.snapshots.clear();
        supervisor.desired(new DesiredInstances(2, List.of(d(1, true), d(2, true))));
        awaitTrue(() -> running(2));
        awaitRounds();
        assertThat(driver.calls).containsExactly("start 1 port 25100", "start 2 port 25101");
    }

    private boolean running(long id) {
        return supervisor.snapshot().reports().stream().anyMatch(r -> r.instanceId() == id && r.state() == InstanceState.RUNNING);
    }

    private List<String> cell(long id) {
        return supervisor.logs(id).map(b -> b.recent(1000).stream().map(e -> e.value().text()).toList()).orElse(List.of());
    }

    /** Four supervisor rounds (health, snapshot decisions) pass. */
    private void awaitRounds() throws InterruptedException {
        long target = supervisor.rounds() + 4;
        awaitTrue(() -> supervisor.rounds() >= target);
    }

    private static void awaitTrue(BooleanSupplier test) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!test.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }
}
