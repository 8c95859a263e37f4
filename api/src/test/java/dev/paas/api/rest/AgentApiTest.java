package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.paas.api.staging.ImageFactoryStager;
import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.PendingImage;
import dev.paas.imagefactory.api.StoredImage;
import dev.paas.imagefactory.infra.ImageJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class AgentApiTest extends ApiTestBase {

    @Inject
    ImageFactoryStager images;

    @Inject
    AgentResource agentResource;

    @Test
    void aNodeJoinsWithAJoinTokenAndGetsItsOwnCredential() {
        String pool = Api.unique("pool");
        String token = Agents.joinToken(pool);
        String node = Api.unique("node");
        as(token).body(Agents.joinBody(node)).post("/v1/agent/join").then().statusCode(201)
                .body("name", equalTo(node)).body("pool", equalTo(pool)).body("credential", startsWith("paas_nc_"))
                .body("heartbeatIntervalSeconds", equalTo(5));
        admin().get("/v1/nodes/" + node).then().statusCode(200).body("state", equalTo("READY"))
                .body("accelerator", equalTo("TCG")).body("memoryMb", equalTo(4096)).body("pool", equalTo(pool));
        admin().get("/v1/events").then().body("items.action", hasItem("node.join"));
    }

    @Test
    void badRevokedOrMissingJoinTokensAre401AndRegisterNothing() {
        String pool = Api.unique("pool");
        String token = Agents.joinToken(pool);
        String node = Api.unique("node");
        refused(401, "UNAUTHENTICATED", () -> as("paas_jt_wrong").body(Agents.joinBody(node)).post("/v1/agent/join"));
        refused(401, "UNAUTHENTICATED", () -> as(null).body(Agents.joinBody(node)).post("/v1/agent/join"));
        refused(401, "UNAUTHENTICATED", () -> as(Api.adminToken()).body(Agents.joinBody(node)).post("/v1/agent/join"));
        long id = ((Number) admin().get("/v1/node-pools/" + pool + "/join-tokens").path("[0].id")).longValue();
        admin().delete("/v1/node-pools/" + pool + "/join-tokens/" + id).then().statusCode(204);
        refused(401, "UNAUTHENTICATED", () -> as(token).body(Agents.joinBody(node)).post("/v1/agent/join"));
        admin().get("/v1/nodes/" + node).then().statusCode(404);
    }

    @ParameterizedTest(name = "{0} = {1} -> 400")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "name        | Bad Name", "name | NULL", "address | NULL", "address | not an address!", "agentPort | 0",
            "agentPort   | 70000", "memoryMb | 10", "vcpus | 0", "accelerator | NULL", "accelerator | HVF",
            "agentVersion | 'v 1'"})
    void joinRefusesBadFields(String field, String value) {
        String token = Agents.joinToken(Api.unique("pool"));
        Map<String, Object> body = Agents.joinBody(Api.unique("node"));
        body.put(field, field.equals("agentPort") || field.equals("memoryMb") || field.equals("vcpus") ? Integer.valueOf(value) : value);
        Response r = refused(400, null, field, () -> as(token).body(body).post("/v1/agent/join"));
        assertThat(r.jsonPath().getString("message")).startsWith(field);
    }

    @Test
    void aNameTakenInAnotherPoolIs409AndRejoiningReplacesTheCredential() {
        String tokenA = Agents.joinToken(Api.unique("pool"));
        String tokenB = Agents.joinToken(Api.unique("pool"));
        String node = Api.unique("node");
        String first = Agents.join(tokenA, node);
        refused(409, "ALREADY_EXISTS", () -> as(tokenB).body(Agents.joinBody(node)).post("/v1/agent/join"));
        String second = Agents.join(tokenA, node);
        refused(401, "UNAUTHENTICATED", () -> as(first).body(heartbeat(List.of())).put("/v1/agent/heartbeat"));
        as(second).body(heartbeat(List.of())).put("/v1/agent/heartbeat").then().statusCode(200);
    }

    @Test
    void agentPathsRefuseUserTokensAndUsersPathsRefuseNodeCredentials() {
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), Api.unique("node"));
        refused(401, "UNAUTHENTICATED", () -> as(Api.adminToken()).body(heartbeat(List.of())).put("/v1/agent/heartbeat"));
        refused(401, "UNAUTHENTICATED", () -> as(null).get("/v1/agent/desired"));
        refused(401, "UNAUTHENTICATED", () -> as(credential).get("/v1/me"));
    }

    @Test
    void heartbeatsReportInstanceStatesAndCrashes() {
        String space = Api.unique("sp");
        Api.space(space);
        Api.app(space, "web");
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        long id = Agents.place(dataSource, space, "web", node, 0);

        as(credential).body(heartbeat(List.of(report(id, "RUNNING", "127.0.0.1:20001", null), report(999_999, "RUNNING", null, null))))
                .put("/v1/agent/heartbeat").then().statusCode(200).body("state", equalTo("READY"));
        String instances = "/v1/spaces/" + space + "/apps/web/instances";
        admin().get(instances).then().statusCode(200).body("[0].state", equalTo("RUNNING"))
                .body("[0].endpoint", equalTo("127.0.0.1:20001")).body("[0].node", equalTo(node)).body("[0].healthy", equalTo(true));

        as(credential).body(heartbeat(List.of(report(id, "CRASHED", null, "exit status 3")))).put("/v1/agent/heartbeat").then().statusCode(200);
        admin().get(instances).then().body("[0].state", equalTo("CRASHED")).body("[0].crashCount", equalTo(1))
                .body("[0].lastExit", equalTo("exit status 3"));
        admin().get("/v1/spaces/" + space + "/events?app=web").then().body("items[0].action", equalTo("instance.crash"))
                .body("items[0].details.reason", equalTo("exit status 3"));
        // Backwards is ignored: a restart is a new instance, never CRASHED -> RUNNING.
        as(credential).body(heartbeat(List.of(report(id, "RUNNING", null, null)))).put("/v1/agent/heartbeat").then().statusCode(200);
        admin().get(instances).then().body("[0].state", equalTo("CRASHED"));
    }

    @Test
    void heartbeatRefusesBadBodies() {
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), Api.unique("node"));
        Map<String, Object> noMemory = heartbeat(List.of());
        noMemory.remove("memoryMb");
        refused(400, "INVALID_FIELD", "memoryMb", () -> as(credential).body(noMemory).put("/v1/agent/heartbeat"));
        Map<String, Object> badState = heartbeat(List.of(Map.of("instanceId", 1)));
        refused(400, "INVALID_FIELD", "instances[0].state", () -> as(credential).body(badState).put("/v1/agent/heartbeat"));
        refused(400, "INVALID_FIELD", "instances[0].state", () -> as(credential).body(heartbeat(List.of(report(1, "EXPLODED", null, null)))).put("/v1/agent/heartbeat"));
        refused(400, "MALFORMED_REQUEST", "gpu", () -> as(credential).body("{\"memoryMb\": 1, \"gpu\": true}").put("/v1/agent/heartbeat"));
    }

    @Test
    void aDownNodeComesBackWithItsNextHeartbeat() {
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        Agents.markDown(dataSource, node);
        refused(409, "CONFLICT", () -> admin().post("/v1/nodes/" + node + "/cordon"));
        as(credential).body(heartbeat(List.of())).put("/v1/agent/heartbeat").then().statusCode(200).body("state", equalTo("READY"));
    }

    @Test
    void desiredLongPollsUntilTheVersionChanges() throws Exception {
        String space = Api.unique("sp");
        Api.space(space);
        Api.app(space, "web");
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        long version = ((Number) as(credential).get("/v1/agent/desired").then().statusCode(200)
                .body("instances.size()", equalTo(0)).extract().path("version")).longValue();

        long t0 = System.nanoTime();
        as(credential).get("/v1/agent/desired?version=" + version + "&waitSeconds=1").then().statusCode(200).body("version", equalTo((int) version));
        assertThat((System.nanoTime() - t0) / 1_000_000).as("waited ms").isGreaterThanOrEqualTo(900);

        int waiting = agentResource.waitingLongPolls();
        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(
                () -> as(credential).get("/v1/agent/desired?version=" + version + "&waitSeconds=30"));
        Waits.until("the long-poll to wait", () -> agentResource.waitingLongPolls() > waiting, Duration.ofSeconds(10));
        assertThat(poll).isNotDone();
        long id = Agents.place(dataSource, space, "web", node, 0);
        Response r = poll.get(10, java.util.concurrent.TimeUnit.SECONDS);
        r.then().statusCode(200).body("instances[0].instanceId", equalTo((int) id)).body("instances[0].app", equalTo("web"))
                .body("instances[0].index", equalTo(0)).body("instances[0].memoryMb", equalTo(256))
                .body("instances[0].healthCheck.type", equalTo("PORT")).body("instances[0].graceSeconds", equalTo(10))
                .body("instances[0].env.PAAS_INSTANCE_INDEX", equalTo("0"));
        assertThat(r.jsonPath().getString("instances[0].imageDigest")).hasSize(64);
        refused(400, "INVALID_FIELD", "waitSeconds", () -> as(credential).get("/v1/agent/desired?waitSeconds=61"));
        refused(400, "INVALID_FIELD", "version", () -> as(credential).get("/v1/agent/desired?version=x"));
    }

    @Test
    void deletingAnAppTellsItsNodesAtOnce() {
        String space = Api.unique("sp");
        Api.space(space);
        Api.app(space, "web");
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        Agents.place(dataSource, space, "web", node, 0);
        long before = ((Number) as(credential).get("/v1/agent/desired").then().statusCode(200)
                .body("instances.size()", equalTo(1)).extract().path("version")).longValue();

        admin().delete("/v1/spaces/" + space + "/apps/web").then().statusCode(204);
        // The instances went with the app's row; the node's version moved, so a long-poll and the
        // next heartbeat's answer say so (an agent would otherwise stop the VM only ~30 s later).
        long after = ((Number) as(credential).get("/v1/agent/desired?version=" + before + "&waitSeconds=5").then().statusCode(200)
                .body("instances.size()", equalTo(0)).extract().path("version")).longValue();
        assertThat(after).isGreaterThan(before);
        as(credential).body(heartbeat(List.of())).put("/v1/agent/heartbeat").then().statusCode(200)
                .body("desiredVersion", equalTo((int) after));
    }

    @Test
    void operatorsCordonDrainAndUncordon() {
        String node = Api.unique("node");
        Agents.join(Agents.joinToken(Api.unique("pool")), node);
        admin().post("/v1/nodes/" + node + "/cordon").then().statusCode(200).body("state", equalTo("CORDONED"));
        admin().post("/v1/nodes/" + node + "/drain").then().statusCode(200).body("state", equalTo("DRAINING"));
        admin().post("/v1/nodes/" + node + "/uncordon").then().statusCode(200).body("state", equalTo("READY"));
        refused(409, "CONFLICT", () -> admin().delete("/v1/nodes/" + node));
        refused(404, "NOT_FOUND", () -> admin().post("/v1/nodes/no-such-node/cordon"));
        admin().get("/v1/nodes?perPage=200").then().statusCode(200).body("items.name", hasItem(node));
    }

    @Test
    void nodesDownloadImagesByDigestAsATarOfTheManifestKernelAndInitramfs() throws Exception {
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), Api.unique("node"));
        StoredImage image = storeImage(images, Api.unique("image"));
        String hex = image.digest().substring("sha256:".length());
        for (String digest : List.of(image.digest(), hex)) {
            Response r = as(credential).get("/v1/agent/images/" + digest);
            r.then().statusCode(200).contentType("application/x-tar");
            Map<String, byte[]> files = untar(r.asByteArray());
            assertThat(files.keySet()).containsExactly("image.json", "vmlinuz", "initramfs.cpio.gz");
            assertThat(files.get("image.json")).isEqualTo(Files.readAllBytes(image.manifest()));
            assertThat(files.get("vmlinuz")).isEqualTo(Files.readAllBytes(image.kernel()));
            assertThat(files.get("initramfs.cpio.gz")).isEqualTo(Files.readAllBytes(image.initramfs()));
        }
        refused(400, "INVALID_FIELD", "digest", () -> as(credential).get("/v1/agent/images/sha256:" + hex.substring(1)));
        refused(400, "INVALID_FIELD", "digest", () -> as(credential).get("/v1/agent/images/" + hex.toUpperCase()));
        String unknown = "0".repeat(64);
        Response missing = refused(404, "NOT_FOUND", () -> as(credential).get("/v1/agent/images/sha256:" + unknown));
        assertThat(missing.jsonPath().getString("message")).contains(unknown);
        refused(401, "UNAUTHENTICATED", () -> as(null).get("/v1/agent/images/" + hex));
        refused(401, "UNAUTHENTICATED", () -> as(Api.adminToken()).get("/v1/agent/images/" + hex));
        refused(401, "UNAUTHENTICATED", () -> as("paas_nc_wrong").get("/v1/agent/images/" + hex));
    }

    @Test
    void aLargeImagesDownloadCarriesItsRootDisk() throws Exception {
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), Api.unique("node"));
        StoredImage image = storeImage(images, Api.unique("large"), true);
        Response r = as(credential).get("/v1/agent/images/" + image.digest());
        r.then().statusCode(200).contentType("application/x-tar");
        Map<String, byte[]> files = untar(r.asByteArray());
        assertThat(files.keySet()).containsExactly("image.json", "vmlinuz", "initramfs.cpio.gz", "root.erofs");
        assertThat(files.get("root.erofs")).isEqualTo(Files.readAllBytes(image.rootDisk().orElseThrow()));
        assertThat(new String(files.get("image.json"), StandardCharsets.UTF_8)).contains("\"rootDisk\"");
    }

    /** Puts a small image (made-up kernel and initramfs bytes) into the control plane's image store. */
    static StoredImage storeImage(ImageFactoryStager images, String seed) throws IOException {
        return storeImage(images, seed, false);
    }

    /** With {@code rootDisk}: a large image's shape, made-up {@code root.erofs} bytes beside the others. */
    static StoredImage storeImage(ImageFactoryStager images, String seed, boolean rootDisk) throws IOException {
        Path dir = Files.createTempDirectory("paas-test-image-");
        byte[] kernel = ("kernel " + seed).getBytes(StandardCharsets.UTF_8);
        byte[] initramfs = ("initramfs " + seed).getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("vmlinuz"), kernel);
        Files.write(dir.resolve("initramfs.cpio.gz"), initramfs);
        ImageMetadata meta = new ImageMetadata(ImageMetadata.SCHEMA, "static", "index.html", "6.1.0-test",
                new ImageMetadata.FileInfo("vmlinuz", PushApiTest.sha(kernel), kernel.length),
                new ImageMetadata.FileInfo("initramfs.cpio.gz", PushApiTest.sha(initramfs), initramfs.length),
                new ImageMetadata.Sizes(1, 1, 0, 0), "console=ttyS0", new ImageMetadata.Launch("/paas/static-server", 8080, 256, ""),
                List.of(), List.of(), List.of(), rootDisk ? disk(dir, seed) : null);
        byte[] manifest = ImageJson.bytes(meta);
        StoredImage stored = images.factory().store().put(new PendingImage(ImageJson.digest(manifest), manifest, meta,
                dir.resolve("vmlinuz"), dir.resolve("initramfs.cpio.gz"), rootDisk ? dir.resolve("root.erofs") : null));
        Files.delete(dir); // the store moved both files in
        return stored;
    }

    private static ImageMetadata.RootDisk disk(Path dir, String seed) throws IOException {
        byte[] erofs = ("erofs " + seed).getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("root.erofs"), erofs);
        return new ImageMetadata.RootDisk("root.erofs", PushApiTest.sha(erofs), erofs.length, "erofs", true);
    }

    private static Map<String, byte[]> untar(byte[] tar) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    static Map<String, Object> heartbeat(List<Map<String, Object>> reports) {
        Map<String, Object> hb = new HashMap<>();
        hb.put("memoryMb", 4096);
        hb.put("vcpus", 2);
        hb.put("accelerator", "TCG");
        hb.put("allocatedMb", 256);
        hb.put("instances", reports);
        return hb;
    }

    static Map<String, Object> report(long id, String state, String endpoint, String exit) {
        Map<String, Object> r = new HashMap<>();
        r.put("instanceId", id);
        r.put("state", state);
        r.put("since", Instant.now().toString());
        r.put("endpoint", endpoint);
        r.put("healthy", "RUNNING".equals(state));
        r.put("exitReason", exit);
        r.put("rssBytes", 50_000_000L);
        r.put("cpuSeconds", 1.5);
        return r;
    }
}
