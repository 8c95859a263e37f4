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
import java.util.Set;
import java.util.regex.Matcher;
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
        assertThat(app(APP).path("clones").asBoolean()).as("clones are on by default").isTrue();

        // Served once through the router; the agent warms it and takes its snapshot.
        HttpResponse<String> routed = platform.viaRouter("clones.e2e.localhost", "/id");
        assertThat(routed.statusCode()).as(routed.body()).isEqualTo(200);
        JsonNode first = Platform.JSON.readTree(routed.body());
        assertThat(first.path("instance").path("index").asInt()).isZero();
        assertThat(first.path("instance").path("restored").asBoolean()).as("a cold boot").isFalse();
        Cell taken = awaitCell(APP, "the agent's snapshot of instance 0", Instant.EPOCH, 0, TAKEN, NOT_TAKEN);
        Matcher t = taken(taken);
        String key = t.group(1);
        long coldBootMs = coldBootMillis(APP, 0);
        Path snapshot = platform.dir.resolve("agent/snapshots").resolve(key);
        assertThat(snapshot.resolve("memory")).isRegularFile();

        // Scale out: two restored clones, each its own instance.
        Instant scaled = Instant.now().minusSeconds(1);
        Cli.Run scale = cli.run(work, "scale", APP, "-i", "3");
        assertThat(scale.code()).as(scale.toString()).isZero();
        awaitRunningHealthy(APP, 3);
        List<Long> restoreMs = new ArrayList<>();
        for (int index : new int[] {1, 2}) {
            restoreMs.add(restoredMillis(awaitCell(APP, "instance " + index + " restored", scaled, index, RESTORED, COLD), key));
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
            assertThat(id.path("instance").path("port").asInt()).as("its own endpoint").isEqualTo(port(endpoint(APP, index)));
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
        restoreMs.add(restoredMillis(awaitCell(APP, "instance 1 restored again after its QEMU was killed", killed, 1, RESTORED, COLD),
                key));
        awaitRunningHealthy(APP, 3);
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
        Cell cold = awaitCell(APP, "instance 2 booted cold, saying why", killedAgain, 2, COLD, RESTORED);
        assertThat(cold.text()).matches(".*" + COLD.pattern() + ".*");
        assertThat(cold.text()).contains(key).contains("corrupt");
        awaitRunningHealthy(APP, 3);
        JsonNode coldId = identity(2);
        assertThat(coldId.path("instance").path("restored").asBoolean()).as("a cold boot").isFalse();
        assertThat(coldId.path("instance").path("index").asInt()).isEqualTo(2);

        // Clones turned off: with a snapshot of the key stored again (the cold instance's), a new
        // instance still boots cold.
        awaitCell(APP, "the cold instance snapshotted again", killedAgain, 2, TAKEN, NOT_TAKEN);
        Instant noClones = Instant.now().minusSeconds(1);
        Cli.Run off = cli.run(work, "scale", APP, "-i", "4", "--no-clones");
        assertThat(off.code()).as(off.toString()).isZero();
        assertThat(off.out()).contains("snapshot clones off");
        assertThat(app(APP).path("clones").asBoolean()).isFalse();
        awaitRunningHealthy(APP, 4);
        List<String> fourth = cells(APP).stream().filter(c -> c.index() == 3 && !c.at().isBefore(noClones)).map(Cell::text).toList();
        assertThat(fourth).as("instance 3 booted cold").anyMatch(l -> l.contains("starting instance"))
                .noneMatch(l -> l.contains("from snapshot"));
        assertThat(identity(3).path("instance").path("restored").asBoolean()).isFalse();
        assertThat(cli.run(work, "app", APP).out()).contains("clones:    off (every instance boots cold)");

        System.out.println("e2e.clones cold_boot_ms=" + coldBootMs + " snapshot=\"" + t.group(2) + "\" restore_ms="
                + restoreMs + " corrupt=\"" + cold.text() + "\"");
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** {@code /id} asked of the instance itself, at its endpoint (not through the router). */
    private JsonNode identity(int index) throws Exception {
        String endpoint = endpoint(APP, index);
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
        int port = port(endpoint(APP, index));
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
}
