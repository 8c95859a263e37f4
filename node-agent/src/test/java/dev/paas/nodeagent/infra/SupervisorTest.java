package dev.paas.nodeagent.infra;

import dev.paas.kernel.api.VmConfig;
import dev.paas.model.DesiredInstance;
import dev.paas.model.DesiredInstances;
import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.model.InstanceReport;
import dev.paas.model.InstanceState;
import dev.paas.nodeagent.api.ImageException;
import dev.paas.nodeagent.api.ImageSource;
import dev.paas.nodeagent.api.LocalImage;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.core.HealthPolicy;
import dev.paas.nodeagent.core.PortAllocator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The supervisor's glue with a fake driver and image source: no QEMU, real Vert.x, milliseconds. */
class SupervisorTest {

    private static final String GOOD = "a".repeat(64);
    private static final String BAD = "b".repeat(64);
    /** The first of ten loopback ports free when the class loads (fixed ones were taken by other processes). */
    private static final int P = freeBlock(10);

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private FakeDriver driver;
    private Supervisor supervisor;
    private LogTailer tailer;

    private Supervisor supervisor(List<VmHandle> leftovers) {
        driver = new FakeDriver(dir);
        driver.leftovers = leftovers;
        ImageSource images = new ImageSource() {
            @Override
            public LocalImage obtain(String digest) throws ImageException {
                if (digest.equals(BAD)) {
                    throw new ImageException("image digest mismatch: refused");
                }
                return new LocalImage(digest, dir.resolve("kernel"), dir.resolve("initrd"), List.of(), 8080, VmConfig.DEFAULT_TCG_CACHE_MIB);
            }

            @Override
            public void pin(Set<String> digestsInUse) {
            }
        };
        tailer = new LogTailer(Clock.systemUTC());
        supervisor = new Supervisor(vertx, driver, images, tailer, new PortAllocator(P, P + 9), HealthPolicy.defaults(),
                Clock.systemUTC(), "127.0.0.1", 256, id -> dir.resolve(Long.toString(id)), new AgentMetrics(new SimpleMeterRegistry()));
        supervisor.start();
        return supervisor;
    }

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.stop();
        }
        if (tailer != null) {
            tailer.close();
        }
        vertx.close();
    }

    private static DesiredInstance d(long id, String digest, int mb) {
        return new DesiredInstance(id, "dev", "web", (int) id, digest, mb, new HealthCheck(HealthCheckType.PROCESS, null, 60),
                3, Map.of());
    }

    @Test
    void startsDesiredInstancesAndReportsThemRunningWithResources() throws Exception {
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(d(1, GOOD, 64), d(2, GOOD, 64))));
        List<InstanceReport> r = await(s -> s.size() == 2 && s.stream().allMatch(x -> x.state() == InstanceState.RUNNING
                && x.rssBytes() > 0));
        assertThat(r).extracting(InstanceReport::endpoint).containsExactly("127.0.0.1:" + P, "127.0.0.1:" + (P + 1));
        assertThat(r).allSatisfy(x -> {
            assertThat(x.healthy()).isTrue();
            assertThat(x.rssBytes()).isEqualTo(64L << 20);
        });
        assertThat(supervisor.snapshot().allocatedMb()).isEqualTo(128);
    }

    @Test
    void tellsItsListenerWhenAReportChangesAndOnlyThen() throws Exception {
        supervisor(List.of());
        List<Snapshot> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        supervisor.onReportsChanged(() -> seen.add(supervisor.snapshot()));
        supervisor.desired(new DesiredInstances(1, List.of(d(1, GOOD, 64))));
        await(s -> s.size() == 1 && s.get(0).state() == InstanceState.RUNNING);
        assertThat(seen).as("one call per change, each with the new reports").isNotEmpty()
                .last().satisfies(s -> assertThat(s.reports().get(0).state()).isEqualTo(InstanceState.RUNNING));
        int calls = seen.size();
        awaitRounds(4);  // rounds that change nothing but RSS and CPU
        assertThat(seen).as("no call without a change of state, health or endpoint").hasSize(calls);
        driver.dead.put(1L, "exited with code 3");
        await(s -> s.get(0).state() == InstanceState.CRASHED);
        assertThat(seen).hasSizeGreaterThan(calls)
                .last().satisfies(s -> assertThat(s.reports().get(0).state()).isEqualTo(InstanceState.CRASHED));
    }

    @Test
    void aDeadVmIsCrashedThenRestartedOnceTheCrashWasAcknowledged() throws Exception {
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(d(1, GOOD, 64))));
        await(s -> s.size() == 1 && s.get(0).state() == InstanceState.RUNNING);
        driver.dead.put(1L, "exited with code 3");
        InstanceReport crashed = await(s -> s.get(0).state() == InstanceState.CRASHED).get(0);
        assertThat(crashed.exitReason()).isEqualTo("exited with code 3");
        awaitRounds(3);
        assertThat(driver.calls).as("no restart before the report is acknowledged").containsExactly("start 1 port " + P);
        supervisor.acknowledge(supervisor.snapshot().terminalIncarnations(), 1);
        await(s -> s.size() == 1 && s.get(0).state() == InstanceState.RUNNING);
        assertThat(driver.calls).containsExactly("start 1 port " + P, "forget 1", "start 1 port " + (P + 1));
    }

    @Test
    void notDesiredIsStoppedWithItsGraceThenForgottenAfterTheReport() throws Exception {
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(d(1, GOOD, 64))));
        await(s -> s.size() == 1 && s.get(0).state() == InstanceState.RUNNING);
        supervisor.desired(new DesiredInstances(2, List.of()));
        InstanceReport stopped = await(s -> s.get(0).state() == InstanceState.STOPPED).get(0);
        assertThat(stopped.exitReason()).contains("after SIGTERM");
        supervisor.acknowledge(supervisor.snapshot().terminalIncarnations(), 2);
        await(List::isEmpty);
        awaitCalls(c -> c.size() >= 3);  // forget runs on a worker thread after the report disappears
        assertThat(driver.calls).containsExactly("start 1 port " + P, "stop 1 grace 3", "forget 1");
        assertThat(supervisor.logs(1)).as("last words stay readable").isPresent();
    }

    private static DesiredInstance withEgress(long id, dev.paas.model.EgressRule... rules) {
        DesiredInstance b = d(id, GOOD, 64);
        return new DesiredInstance(id, b.space(), b.app(), b.index(), b.imageDigest(), b.memoryMb(), b.healthCheck(),
                b.graceSeconds(), b.env(), List.of(rules));
    }

    @Test
    void aBadEgressRuleRefusesTheInstanceBeforeAnythingStarts() throws Exception {
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(
                withEgress(1, new dev.paas.model.EgressRule("tcp", "10.0.0.0/8; flush ruleset", "443")))));
        InstanceReport r = await(s -> s.size() == 1 && s.get(0).state() == InstanceState.CRASHED).get(0);
        assertThat(r.exitReason()).startsWith("invalid egress rule: egress[0].destination must be a CIDR")
                .endsWith("got: 10.0.0.0/8; flush ruleset");
        assertThat(driver.calls).isEmpty();
    }

    @Test
    void theDiskQuotaReachesTheDriverAndABadOneRefusesTheInstance() throws Exception {
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(d(1, GOOD, 64).withDiskMb(64),
                d(2, GOOD, 64).withDiskMb(0), d(3, GOOD, 64).withDiskMb(64 * 1024 + 1))));
        List<InstanceReport> r = await(s -> s.size() == 3 && s.get(0).state() == InstanceState.RUNNING
                && s.get(1).state() == InstanceState.CRASHED && s.get(2).state() == InstanceState.CRASHED);
        assertThat(driver.diskMib).containsExactly(org.assertj.core.api.Assertions.entry(1L, 64));
        assertThat(r.get(1).exitReason()).isEqualTo("diskMib must be between 16 and 65536, got: 0");
        assertThat(r.get(2).exitReason()).isEqualTo("diskMib must be between 16 and 65536, got: 65537");
        assertThat(driver.calls).containsExactly("start 1 port " + P);
    }

    @Test
    void aDesiredEgressChangeReachesTheRunningVmOnceAndABadOneKeepsTheOldRules() throws Exception {
        dev.paas.model.EgressRule dns = new dev.paas.model.EgressRule("udp", "0.0.0.0/0", "53");
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(withEgress(1, dns))));
        await(s -> s.size() == 1 && s.get(0).state() == InstanceState.RUNNING);
        assertThat(driver.calls).containsExactly("start 1 port " + P + " egress [Allow[protocol=UDP, destination=0.0.0.0/0,"
                + " ports=[53]]]");
        supervisor.desired(new DesiredInstances(2, List.of(withEgress(1, dns))));  // same rules: nothing to do
        dev.paas.model.EgressRule web = new dev.paas.model.EgressRule("tcp", "10.1.0.0/16", "80,443");
        supervisor.desired(new DesiredInstances(3, List.of(withEgress(1, dns, web))));
        awaitCalls(c -> c.size() == 2);
        assertThat(driver.calls.get(1)).startsWith("egress 1 [Allow[protocol=UDP").contains("destination=10.1.0.0/16");
        supervisor.desired(new DesiredInstances(4, List.of(withEgress(1, new dev.paas.model.EgressRule("tcp", "10.0.0.1", "0")))));
        await(s -> supervisor.logs(1).orElseThrow().recent(50).stream()
                .anyMatch(e -> e.value().text().contains("egress rules refused, the previous ones stay: egress[0].ports")));
        supervisor.desired(new DesiredInstances(5, List.of(withEgress(1, new dev.paas.model.EgressRule("tcp", "10.0.0.1", "0")))));
        assertThat(driver.calls).hasSize(2);  // the bad rule never reached the driver; said once
        assertThat(supervisor.snapshot().reports()).singleElement()
                .satisfies(x -> assertThat(x.state()).isEqualTo(InstanceState.RUNNING));
    }

    private void awaitCalls(Predicate<List<String>> test) throws InterruptedException {
        awaitTrue(() -> test.test(driver.calls), () -> "driver calls: " + driver.calls);
    }

    @Test
    void theInstanceGetsItsEnvPlusWhereTheNodeReachesItAndTheValuesStayOffLogs() throws Exception {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("SECRET_TOKEN", "s3cr3t-value");
        env.put("CF_INSTANCE_INDEX", "1");
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(new DesiredInstance(1, "dev", "web", 1, GOOD, 64,
                new HealthCheck(HealthCheckType.PROCESS, null, 60), 3, env))));
        await(s -> s.size() == 1 && s.get(0).state() == InstanceState.RUNNING);
        assertThat(driver.envs.get(1L).env()).containsEntry("SECRET_TOKEN", "s3cr3t-value").containsEntry("CF_INSTANCE_INDEX", "1")
                .containsEntry("CF_INSTANCE_IP", "127.0.0.1").containsEntry("CF_INSTANCE_PORT", String.valueOf(P))
                .containsEntry("CF_INSTANCE_ADDR", "127.0.0.1:" + P);
        Path desired = dir.resolve("1/desired.json");
        awaitTrue(() -> Files.exists(desired), () -> "no " + desired);
        assertThat(Files.getPosixFilePermissions(desired)).as("it holds the env: owner only")
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(supervisor.logs(1).orElseThrow().recent(50)).noneSatisfy(e ->
                assertThat(e.value().text()).contains("s3cr3t-value"));
    }

    @Test
    void anEnvTheGuestWouldRefuseFailsTheStartNamingTheVariableNotItsValue() throws Exception {
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(new DesiredInstance(1, "dev", "web", 1, GOOD, 64,
                new HealthCheck(HealthCheckType.PROCESS, null, 60), 3, Map.of("BAD", "a\u0001s3cr3t")))));
        InstanceReport r = await(s -> s.size() == 1 && s.get(0).state() == InstanceState.CRASHED).get(0);
        assertThat(r.exitReason()).contains("invalid env").contains("BAD").doesNotContain("s3cr3t");
        assertThat(driver.calls).isEmpty();
    }

    @Test
    void aRefusedImageIsReportedAndNeverBooted() throws Exception {
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(d(1, BAD, 64))));
        InstanceReport r = await(s -> s.size() == 1 && s.get(0).state() == InstanceState.CRASHED).get(0);
        assertThat(r.exitReason()).contains("digest mismatch");
        assertThat(driver.calls).isEmpty();
        assertThat(supervisor.logs(1).orElseThrow().recent(10)).anySatisfy(e ->
                assertThat(e.value().text()).contains("start failed: image digest mismatch"));
    }

    @Test
    void whatDoesNotFitTheMemoryLimitIsRefused() throws Exception {
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(d(1, GOOD, 200), d(2, GOOD, 200))));
        List<InstanceReport> r = await(s -> s.size() == 2 && s.get(0).state() == InstanceState.RUNNING
                && s.get(1).state() == InstanceState.CRASHED);
        assertThat(r.get(1).exitReason()).isEqualTo("insufficient memory on node: 200 MiB requested, 56 of 256 MiB free");
    }

    @Test
    void readoptsLiveVmsAndReportsDeadOnesCrashedWithoutStoppingAnythingBeforeDesiredArrives() throws Exception {
        Instant old = Instant.now().minusSeconds(3600);
        VmHandle live = new VmHandle(1, "dev/web", 0, GOOD, 4242, P + 3, "127.0.0.1:" + (P + 3), 64, old, false, false);
        VmHandle gone = new VmHandle(2, "dev/web", 1, GOOD, 4243, P + 4, "127.0.0.1:" + (P + 4), 64, old, true, false);
        java.nio.file.Files.createDirectories(dir.resolve("1"));
        java.nio.file.Files.write(dir.resolve("1/desired.json"), Json.MAPPER.writeValueAsBytes(d(1, GOOD, 64)));
        supervisor(List.of(live, gone));
        FakeDriver fake = driver;
        fake.dead.put(2L, "QEMU (pid 4243) is gone without an exit record");
        List<InstanceReport> r = await(s -> s.size() == 2 && s.get(0).state() == InstanceState.RUNNING);
        assertThat(r.get(0).endpoint()).isEqualTo("127.0.0.1:" + (P + 3));
        assertThat(r.get(1).state()).isEqualTo(InstanceState.CRASHED);
        assertThat(r.get(1).exitReason()).contains("found after an agent restart");
        awaitRounds(3);
        assertThat(fake.calls).as("nothing happens before the first desired list").isEmpty();
        supervisor.desired(new DesiredInstances(1, List.of(d(1, GOOD, 64), d(3, GOOD, 64))));
        await(s -> s.stream().anyMatch(x -> x.instanceId() == 3 && x.state() == InstanceState.RUNNING));
        // the adopted VM's port stays reserved; its network rules are written again from the first desired list
        assertThat(fake.calls).containsExactlyInAnyOrder("start 3 port " + P, "egress 1 []");
    }

    // ---- the port check and the init's console lines ------------------------------------------

    private static final String START = "paas-init: app pid=2 watch-port=8080 uptime_ms=900";
    private static final String LISTENING = "paas-init: app listening port=8080 uptime_ms=1100";

    private static DesiredInstance portChecked(long id, int timeoutSeconds) {
        return new DesiredInstance(id, "dev", "web", (int) id, GOOD, 64,
                new HealthCheck(HealthCheckType.PORT, null, timeoutSeconds), 3, Map.of());
    }

    /** Appends lines to the VM's console file, as QEMU writes what the guest prints. */
    private void console(long id, String... lines) throws IOException {
        Path file = dir.resolve(id + "/console.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("", java.util.Arrays.stream(lines).map(l -> l + "\r\n").toList()),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static int freeBlock(int n) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                first = probe.getLocalPort();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (first + n > 65535) {
                continue;
            }
            boolean free = true;
            for (int port = first; port < first + n && free; port++) {
                try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                    free = true;
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no block of " + n + " free loopback ports");
    }

    /** Stands for QEMU's port forward, which accepts connections whatever the guest does. */
    private static ServerSocket forward(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", port));
        return s;
    }

    private static int port(InstanceReport r) {
        return Integer.parseInt(r.endpoint().substring(r.endpoint().lastIndexOf(':') + 1));
    }

    @Test
    void aWatchedPortPassesOnlyAfterTheListeningLineThenWithAPlainConnect() throws Exception {
        console(1, "paas-init: start uptime_ms=800", START);
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(portChecked(1, 60))));
        InstanceReport starting = await(s -> s.size() == 1 && s.get(0).endpoint() != null).get(0);
        try (ServerSocket fwd = forward(port(starting))) {
            awaitRounds(4);
            assertThat(supervisor.snapshot().reports().get(0).state())
                    .as("the forward accepts, but the init has not seen the app listen").isEqualTo(InstanceState.STARTING);

            long t0 = System.nanoTime();
            console(1, LISTENING);
            await(s -> s.get(0).state() == InstanceState.RUNNING);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.printf("supervisor test: listening line written -> RUNNING in %d ms%n", took.toMillis());
            assertThat(took).as("no settle window").isLessThan(HealthProber.PORT_SETTLE_STARTING);
        }
    }

    @Test
    void aWatchedPortThatNeverListensCrashesSayingWhatToFix() throws Exception {
        console(1, START);
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(portChecked(1, 1))));
        InstanceReport starting = await(s -> s.size() == 1 && s.get(0).endpoint() != null).get(0);
        try (ServerSocket fwd = forward(port(starting))) {
            InstanceReport crashed = await(s -> s.get(0).state() == InstanceState.CRASHED).get(0);
            assertThat(crashed.exitReason()).isEqualTo("the app did not listen on port 8080 ($PORT) within 1 s");
        }
    }

    @Test
    void anOlderInitWithoutWatchPortFallsBackToTheSettleWindow() throws Exception {
        console(1, "paas-init: app pid=2 uptime_ms=900");
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(portChecked(1, 60))));
        InstanceReport starting = await(s -> s.size() == 1 && s.get(0).endpoint() != null).get(0);
        try (ServerSocket fwd = forward(port(starting))) {
            long t0 = System.nanoTime();
            await(s -> s.get(0).state() == InstanceState.RUNNING);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(HealthProber.PORT_SETTLE_STARTING);
        }
    }

    @Test
    void aVmThatDiedIsReportedWithItsExitEvenWhenFailedChecksNoticeFirst() throws Exception {
        console(1, START, LISTENING);
        supervisor(List.of()).desired(new DesiredInstances(1, List.of(portChecked(1, 60))));
        InstanceReport starting = await(s -> s.size() == 1 && s.get(0).endpoint() != null).get(0);
        try (ServerSocket fwd = forward(port(starting))) {
            await(s -> s.get(0).state() == InstanceState.RUNNING);
            driver.slowInspectionMillis = 8000;
            assertThat(driver.slowInspectionBegun.await(10, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the periodic inspection is under way, and slow").isTrue();
            driver.dead.put(1L, "QEMU (pid 1001) was killed by signal 9 without an exit record");
        }
        // The port refuses now: two failed liveness checks come long before the next inspection.
        InstanceReport crashed = await(s -> s.get(0).state() == InstanceState.CRASHED).get(0);
        assertThat(crashed.exitReason()).isEqualTo("QEMU (pid 1001) was killed by signal 9 without an exit record");
    }

    @Test
    void aReadoptedStartingInstanceCountsTheListeningLineAlreadyInItsConsoleFile() throws Exception {
        Instant young = Instant.now().minusSeconds(5);
        VmHandle listened = new VmHandle(1, "dev/web", 0, GOOD, 4242, P + 3, "127.0.0.1:" + (P + 3), 64, young, false, false);
        VmHandle notYet = new VmHandle(2, "dev/web", 1, GOOD, 4243, P + 4, "127.0.0.1:" + (P + 4), 64, young, false, false);
        for (long id : List.of(1L, 2L)) {
            Files.createDirectories(dir.resolve(Long.toString(id)));
            Files.write(dir.resolve(id + "/desired.json"), Json.MAPPER.writeValueAsBytes(portChecked(id, 60)));
        }
        console(1, START, LISTENING);
        console(2, START);
        try (ServerSocket fwd1 = forward(P + 3); ServerSocket fwd2 = forward(P + 4)) {
            supervisor(List.of(listened, notYet));
            List<InstanceReport> r = await(s -> s.size() == 2 && s.get(0).state() == InstanceState.RUNNING);
            assertThat(r.get(1).state()).isEqualTo(InstanceState.STARTING);
            awaitRounds(3);
            assertThat(supervisor.snapshot().reports().get(1).state()).isEqualTo(InstanceState.STARTING);
            console(2, LISTENING);
            await(s -> s.get(1).state() == InstanceState.RUNNING);
        }
    }

    /**
     * Waits until the supervisor ran {@code n} more rounds, each a health round and a reconcile
     * (the periodic ones come every {@value Supervisor#TICK_MS} ms): time for anything due to happen.
     */
    private void awaitRounds(int n) throws InterruptedException {
        long target = supervisor.rounds() + n;
        awaitTrue(() -> supervisor.rounds() >= target, () -> "rounds: " + supervisor.rounds() + " of " + target);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier test, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!test.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private List<InstanceReport> await(Predicate<List<InstanceReport>> test) throws InterruptedException {
        List<List<InstanceReport>> seen = new java.util.ArrayList<>(List.of(List.of()));
        awaitTrue(() -> {
            seen.set(0, supervisor.snapshot().reports());
            return test.test(seen.get(0));
        }, () -> "timed out; reports: " + supervisor.snapshot().reports());
        return seen.get(0);
    }
}
