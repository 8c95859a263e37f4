package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Snapshot clones through the whole platform (issue 18): a Java app ({@code apps/clones/CloneId},
 * serving its {@code /paas/instance.json} and 16 fresh bytes of {@code /dev/urandom} on
 * {@code /id}) pushed with 1 instance boots cold and, once warm, is snapshotted by its agent.
 * {@code paas scale -i 3} then starts 2 restored clones (CELL "restored from snapshot K in N ms"),
 * each with its own index, GUID, endpoint and random bytes, asked directly at its endpoint. A
 * clone whose QEMU is killed comes back restored from the snapshot again; with the snapshot's
 * memory file corrupted, the next killed clone comes back by a cold boot, and its CELL line says
 * why. With {@code paas scale --no-clones} a fourth instance boots cold although a snapshot is
 * stored. Three cold boots (the first instance, the one after the corruption, the one without
 * clones) and three restores.
 */
@Tag("vm")
class SnapshotClonesE2ETest extends CliPlatformTest {

    static final String APP = "clone-id";
    static final Duration GENEROUS = Duration.ofSeconds(240);
    static final Pattern CELL = Pattern.compile("^(\\S+) \\[CELL/(\\d+)] OUT (.*)$", Pattern.MULTILINE);
    static final Pattern TAKEN = Pattern.compile("snapshot ([0-9a-f]{24}) taken: (.*)");
    static final Pattern RESTORED = Pattern.compile("restored from snapshot ([0-9a-f]{24}) in (\\d+) ms");
    static final Pattern NOT_TAKEN = Pattern.compile("no snapshot taken: (.*)");
    static final Pattern COLD = Pattern.compile("restore from snapshot ([0-9a-f]{24}) failed, booting cold \\(snapshot dropped\\): (.*)");

    /** One CELL line of {@code paas logs --recent}. */
    record Cell(Instant at, int index, String text) {
    }

    @Override
    String platformName() {
        return "snapshot-clones";
    }

    @Test
    void clonesAreRestoredDistinctComeBackFromTheSnapshotAndBootColdWhenItIsCorrupt() throws Exception {
        Path dir = Files.createDirectories(work.resolve(APP));
        Path jar = CliPushE2ETest.javaJar(dir, "clones", "CloneId", "clone-id.jar");
        Files.writeString(dir.resolve("manifest.yml"), """
                applications:
                - name: clone-id
                  path: %s
                  memory: 256M
                  instances: 1
                  timeout: 180
                  routes:
                  - route: clones.e2e.localhost
                """.formatted(jar.getFileName()));
        Cli.Run push = cli.run(dir, "push");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.out()).contains("1 of 1 running");
        assertThat(app().path("clones").asBoolean()).as("clones are on by default").isTrue();

        // Served once through the router; the agent warms it and takes its snapshot.
        HttpResponse<String> routed = platform.viaRouter("clones.e2e.localhost", "/id");
        assertThat(routed.statusCode()).as(routed.body()).isEqualTo(200);
        JsonNode first = Platform.JSON.readTree(routed.body());
        assertThat(first.path("instance").path("index").asInt()).isZero();
        assertThat(first.path("instance").path("restored").asBoolean()).as("a cold boot").isFalse();
        Cell taken = awaitCell("the agent's snapshot of instance 0", Instant.EPOCH, 0, TAKEN, NOT_TAKEN);
        Matcher t = TAKEN.matcher(taken.text());
        assertThat(t.find()).as("the snapshot was taken: " + taken.text()).isTrue();
        String key = t.group(1);
        long coldBootMs = coldBootMillis(0);
        Path snapshot = platform.dir.resolve("agent/snapshots").resolve(key);
        assertThat(snapshot.resolve("memory")).isRegularFile();

        // Scale out: two restored clones, each its own instance.
        Instant scaled = Instant.now().minusSeconds(1);
        Cli.Run scale = cli.run(work, "scale", APP, "-i", "3");
        assertThat(scale.code()).as(scale.toString()).isZero();
        awaitRunning(3);
        List<Long> restoreMs = new ArrayList<>();
        for (int index : new int[] {1, 2}) {
            restoreMs.add(restoredMillis(awaitCell("instance " + index + " restored", scaled, index, RESTORED, COLD), key));
        }
        List<JsonNode> ids = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            ids.add(identity(index));
        }
        Set<String> guids = new HashSet<>();
        Set<String> randoms = new HashSet<>();
        for (int index = 0; index < 3; index++) {
            JsonNode id = ids.get(index);
            assertThat(id.path("instance").path("index").asInt()).as("instance %d's own index", index).isEqualTo(index);
            assertThat(id.path("instance").path("port").asInt()).as("its own endpoint").isEqualTo(port(endpoint(index)));
            assertThat(id.path("instance").path("restored").asBoolean()).as("instance %d restored", index).isEqualTo(index > 0);
            guids.add(id.path("instance").path("guid").asText());
            randoms.add(id.path("random").asText());
            assertThat(id.path("random").asText()).matches("[0-9a-f]{32}");
        }
        assertThat(guids).as("a GUID per instance").hasSize(3);
        assertThat(randoms).as("different bytes from /dev/urandom in every clone").hasSize(3);

        // A clone whose QEMU dies comes back from the snapshot.
        Instant killed = Instant.now().minusSeconds(1);
        kill(1);
        restoreMs.add(restoredMillis(awaitCell("instance 1 restored again after its QEMU was killed", killed, 1, RESTORED, COLD),
                key));
        awaitRunning(3);
        JsonNode back = identity(1);
        assertThat(back.path("instance").path("restored").asBoolean()).isTrue();
        assertThat(back.path("instance").path("index").asInt()).isEqualTo(1);
        assertThat(randoms).doesNotContain(back.path("random").asText());

        // A corrupt snapshot: the next one boots cold and says why.
        try (RandomAccessFile f = new RandomAccessFile(snapshot.resolve("memory").toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xff);
        }
        Instant killedAgain = Instant.now().minusSeconds(1);
        kill(2);
        Cell cold = awaitCell("instance 2 booted cold, saying why", killedAgain, 2, COLD, RESTORED);
        assertThat(cold.text()).matches(".*" + COLD.pattern() + ".*");
        assertThat(cold.text()).contains(key).contains("corrupt");
        awaitRunning(3);
        JsonNode coldId = identity(2);
        assertThat(coldId.path("instance").path("restored").asBoolean()).as("a cold boot").isFalse();
        assertThat(coldId.path("instance").path("index").asInt()).isEqualTo(2);

        // Clones turned off: with a snapshot of the key stored again (the cold instance's), a new
        // instance still boots cold.
        awaitCell("the cold instance snapshotted again", killedAgain, 2, TAKEN, NOT_TAKEN);
        Instant noClones = Instant.now().minusSeconds(1);
        Cli.Run off = cli.run(work, "scale", APP, "-i", "4", "--no-clones");
        assertThat(off.code()).as(off.toString()).isZero();
        assertThat(off.out()).contains("snapshot clones off");
        assertThat(app().path("clones").asBoolean()).isFalse();
        awaitRunning(4);
        List<String> fourth = cells().stream().filter(c -> c.index() == 3 && !c.at().isBefore(noClones)).map(Cell::text).toList();
        assertThat(fourth).as("instance 3 booted cold").anyMatch(l -> l.contains("starting instance"))
                .noneMatch(l -> l.contains("from snapshot"));
        assertThat(identity(3).path("instance").path("restored").asBoolean()).isFalse();
        assertThat(cli.run(work, "app", APP).out()).contains("clones:    off (every instance boots cold)");

        System.out.println("e2e.clones cold_boot_ms=" + coldBootMs + " snapshot=\"" + t.group(2) + "\" restore_ms="
                + restoreMs + " corrupt=\"" + cold.text() + "\"");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private JsonNode app() throws IOException, InterruptedException {
        return platform.call("GET", Apps.path(APP), null);
    }

    private List<JsonNode> instances() {
        return new Apps(platform).instances(APP);
    }

    private void awaitRunning(int n) throws InterruptedException {
        platform.await(n + " instances of " + APP + " RUNNING and healthy", GENEROUS, () -> {
            List<JsonNode> list = instances();
            return list.size() == n && list.stream().allMatch(i -> i.path("state").asText().equals("RUNNING")
                    && i.path("healthy").asBoolean(false) && !i.path("endpoint").isNull());
        });
    }

    private String endpoint(int index) {
        return instances().stream().filter(i -> i.path("index").asInt() == index && i.path("state").asText().equals("RUNNING"))
                .map(i -> i.path("endpoint").asText()).findFirst()
                .orElseThrow(() -> new AssertionError("no RUNNING instance " + index + ": " + instances()));
    }

    private static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** {@code /id} asked of the instance itself, at its endpoint (not through the router). */
    private JsonNode identity(int index) throws Exception {
        String endpoint = endpoint(index);
        HttpResponse<String> r = platform.http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/id"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(endpoint + ": " + r.body()).isEqualTo(200);
        return Platform.JSON.readTree(r.body());
    }

    /**
     * SIGKILL to the QEMU of instance {@code index}: the one whose command line names the VM
     * directory ({@code vms/<id>/}) whose {@code vm.json} holds the instance's host port.
     */
    private void kill(int index) throws Exception {
        int port = port(endpoint(index));
        Path vmDir;
        try (Stream<Path> dirs = Files.list(platform.dir.resolve("agent/vms"))) {
            vmDir = dirs.filter(d -> {
                try {
                    return Platform.JSON.readTree(d.resolve("vm.json").toFile()).path("hostPort").asInt() == port;
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new AssertionError("no vm.json with hostPort " + port));
        }
        String mark = vmDir.toString() + "/";
        ProcessHandle qemu = platform.vms().stream()
                .filter(h -> h.info().commandLine().map(c -> c.contains(mark)).orElse(false)).findFirst()
                .orElseThrow(() -> new AssertionError("no QEMU names " + mark));
        assertThat(qemu.destroyForcibly()).isTrue();
        qemu.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private List<Cell> cells() {
        try {
            Cli.Run logs = cli.run(work, "logs", APP, "--recent");
            List<Cell> out = new ArrayList<>();
            Matcher m = CELL.matcher(logs.out());
            while (m.find()) {
                out.add(new Cell(Instant.parse(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
            }
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }

    /**
     * Waits for a CELL line of instance {@code index}, at or after {@code after}, that {@code pattern}
     * or {@code instead} (the other outcome, so a wrong one fails at once, not at the deadline) finds.
     */
    private Cell awaitCell(String what, Instant after, int index, Pattern pattern, Pattern instead)
            throws InterruptedException {
        Cell[] found = new Cell[1];
        platform.await(what + " (CELL/" + index + " '" + pattern + "')", GENEROUS, () -> {
            Optional<Cell> c = cells().stream().filter(l -> l.index() == index && !l.at().isBefore(after)
                    && (pattern.matcher(l.text()).find() || instead.matcher(l.text()).find())).findFirst();
            c.ifPresent(l -> found[0] = l);
            return c.isPresent();
        });
        System.out.println("e2e.clones CELL/" + index + " " + found[0].text());
        return found[0];
    }

    private static long restoredMillis(Cell c, String key) {
        Matcher m = RESTORED.matcher(c.text());
        assertThat(m.find()).as("restored, not: " + c.text()).isTrue();
        assertThat(m.group(1)).as("restored from the snapshot taken").isEqualTo(key);
        return Long.parseLong(m.group(2));
    }

    /** From the agent's "starting instance" CELL line to its "healthy" one: the cold boot of instance {@code index}. */
    private long coldBootMillis(int index) {
        List<Cell> all = cells().stream().filter(c -> c.index() == index).toList();
        Instant start = all.stream().filter(c -> c.text().contains("starting instance")).map(Cell::at).findFirst()
                .orElseThrow(() -> new AssertionError("no 'starting instance' line: " + all));
        Instant healthy = all.stream().filter(c -> c.text().contains("healthy (")).map(Cell::at).findFirst()
                .orElseThrow(() -> new AssertionError("no 'healthy' line: " + all));
        return Duration.between(start, healthy).toMillis();
    }
}
