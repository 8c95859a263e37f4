package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PushApiTest extends ApiTestBase {

    static final Path PACKAGES = Path.of("target/test-storage/packages");
    String space;
    String dev;
    String otherDev;

    @BeforeEach
    void setUp() {
        space = Api.unique("sp");
        String d = Api.unique("dev");
        String o = Api.unique("dev");
        dev = Api.developer(d);
        otherDev = Api.developer(o);
        Api.space(space, d);
        Api.space(Api.unique("sp"), o);
        Api.app(space, "web");
    }

    String app() {
        return "/v1/spaces/" + space + "/apps/web";
    }

    static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Response upload(String token, byte[] bits, String sha, String filename) {
        return as(token).contentType("application/octet-stream").body(bits).put(app() + "/packages/" + sha + "?filename=" + filename);
    }

    static long blobs() throws Exception {
        if (!Files.isDirectory(PACKAGES)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(PACKAGES)) {
            return s.count();
        }
    }

    @Test
    void anUnchangedPackageIsRegisteredWithoutUploadingAgain() throws Exception {
        byte[] bits = ("<html>" + Api.unique("x") + "</html>").getBytes(StandardCharsets.UTF_8);
        String sha = sha(bits);
        refused(404, "NOT_FOUND", () -> as(dev).body(Map.of("sha256", sha, "filename", "site.zip")).post(app() + "/packages"));
        upload(dev, bits, sha, "site.zip").then().statusCode(201).body("sha256", equalTo(sha)).body("sizeBytes", equalTo(bits.length))
                .body("filename", equalTo("site.zip"));
        as(dev).body(Map.of("sha256", sha, "filename", "site.zip")).post(app() + "/packages").then().statusCode(201).body("sha256", equalTo(sha));
        as(dev).get(app() + "/packages").then().statusCode(200).body("size()", equalTo(2));
        assertThat(Files.readAllBytes(PACKAGES.resolve(sha))).isEqualTo(bits);
    }

    @Test
    void corruptOversizedOrMisnamedUploadsStoreNothing() throws Exception {
        byte[] bits = Api.unique("bits").getBytes(StandardCharsets.UTF_8);
        long before = blobs();
        Response wrong = refused(400, "INVALID_FIELD", "sha256", () -> upload(dev, bits, "0".repeat(64), "app.bin"));
        assertThat(wrong.jsonPath().getString("message")).startsWith("sha256: ").contains(sha(bits));
        byte[] big = new byte[1024 * 1024 + 1];
        Response tooBig = refused(413, "PAYLOAD_TOO_LARGE", () -> upload(dev, big, "1".repeat(64), "big.jar"));
        assertThat(tooBig.jsonPath().getString("message")).contains("1 MiB");
        refused(400, "INVALID_FIELD", "sha256", () -> upload(dev, bits, "not-a-digest", "app.bin"));
        refused(400, "INVALID_FIELD", "filename", () -> upload(dev, bits, sha(bits), "../../etc/passwd"));
        refused(404, "NOT_FOUND", () -> upload(otherDev, bits, sha(bits), "app.bin"));
        refused(401, "UNAUTHENTICATED", () -> upload(null, bits, sha(bits), "app.bin"));
        assertThat(blobs()).isEqualTo(before);
        try (Stream<Path> s = Files.list(PACKAGES)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith(".upload-")).toList()).as("temporary files").isEmpty();
        }
    }

    @Test
    void registeringRefusesBadDigestsAndNames() {
        byte[] bits = ("<html>" + Api.unique("reg") + "</html>").getBytes(StandardCharsets.UTF_8);
        upload(dev, bits, sha(bits), "index.html").then().statusCode(201);
        refused(400, "INVALID_FIELD", "sha256", () -> as(dev).body(Map.of("sha256", "not-a-digest", "filename", "a.zip")).post(app() + "/packages"));
        refused(400, "INVALID_FIELD", "sha256", () -> as(dev).body(Map.of("filename", "a.zip")).post(app() + "/packages"));
        refused(400, "INVALID_FIELD", "sha256", () -> as(dev).post(app() + "/packages"));
        refused(400, "INVALID_FIELD", "filename", () -> as(dev).body(Map.of("sha256", sha(bits), "filename", "../a.zip")).post(app() + "/packages"));
        refused(400, "MALFORMED_REQUEST", "size", () -> as(dev).body(Map.of("sha256", sha(bits), "size", 1)).post(app() + "/packages"));
    }

    @Test
    void aBuildStagesThePackageIntoARevision() throws Exception {
        byte[] bits = ("<html>" + Api.unique("site") + "</html>").getBytes(StandardCharsets.UTF_8);
        upload(dev, bits, sha(bits), "index.html").then().statusCode(201);
        long id = ((Number) as(dev).body(Map.of()).post(app() + "/builds").then().statusCode(201)
                .body("state", equalTo("STAGING")).extract().path("id")).longValue();
        Response done = awaitBuild(id);
        done.then().body("state", equalTo("STAGED")).body("imageDigest", equalTo(sha(bits))).body("revision", equalTo(1))
                .body("phases.pack", equalTo(3));
        as(dev).get(app() + "/builds/" + id + "/log").then().statusCode(200)
                .body(containsString("Staging build " + id)).body(containsString("-----> static"));
        String log = as(dev).get(app() + "/builds/" + id + "/log").asString();
        as(dev).get(app() + "/builds/" + id + "/log?offset=" + log.length()).then().statusCode(200).body(equalTo(""));
        as(dev).get(app() + "/revisions").then().statusCode(200).body("[0].number", equalTo(1)).body("[0].current", equalTo(true))
                .body("[0].runtime", equalTo("static"));
        as(dev).get(app() + "/builds").then().statusCode(200).body("id", equalTo(List.of((int) id))).body("[0].state", equalTo("STAGED"))
                .body("[0].revision", equalTo(1)).body("[0].app", equalTo("web"));
        as(dev).get("/v1/spaces/" + space + "/events?app=web").then().body("items.action", org.hamcrest.Matchers.hasItem("app.staged"));
    }

    @Test
    void cloudFoundrysBuildpackNamesAreReadAsOurs() {
        byte[] bits = ("<html>" + Api.unique("cf") + "</html>").getBytes(StandardCharsets.UTF_8);
        upload(dev, bits, sha(bits), "index.html").then().statusCode(201);
        as(dev).body(Map.of("buildpack", "https://github.com/cloudfoundry/staticfile-buildpack.git#v1.6.0")).post(app() + "/builds")
                .then().statusCode(201).body("buildpack", equalTo("static"));
        as(dev).body(Map.of("buildpack", "ruby_buildpack")).post(app() + "/builds").then().statusCode(400)
                .body("message", equalTo("buildpack: 'ruby_buildpack' has no buildpack on paas yet; paas has java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go); or leave it out to detect"));
    }

    @Test
    void aFailedBuildSaysWhyAndMakesNoRevision() throws Exception {
        byte[] bits = ("FAIL no buildpack matched: java looks for a jar with Main-Class " + Api.unique("x")).getBytes(StandardCharsets.UTF_8);
        upload(dev, bits, sha(bits), "thing.bin").then().statusCode(201);
        long id = ((Number) as(dev).body(Map.of()).post(app() + "/builds").path("id")).longValue();
        awaitBuild(id).then().body("state", equalTo("FAILED")).body("error", containsString("no buildpack matched"));
        as(dev).get(app() + "/builds/" + id + "/log").then().body(containsString("Staging failed: no buildpack matched"));
        as(dev).get(app() + "/revisions").then().body("size()", equalTo(0));
    }

    @Test
    void buildsRefuseBadRequests() {
        refused(409, "CONFLICT", () -> as(dev).body(Map.of()).post(app() + "/builds"));
        refused(400, "INVALID_FIELD", "buildpack", () -> as(dev).body(Map.of("buildpack", "cobol")).post(app() + "/builds"));
        refused(400, "INVALID_FIELD", "buildpack", () -> as(dev).body(Map.of("buildpack", "ruby_buildpack")).post(app() + "/builds"));
        refused(404, "NOT_FOUND", () -> as(dev).body(Map.of("packageId", 999_999)).post(app() + "/builds"));
        refused(404, "NOT_FOUND", () -> as(otherDev).body(Map.of()).post(app() + "/builds"));
        refused(404, "NOT_FOUND", () -> as(dev).get(app() + "/builds/999999"));
        refused(400, "INVALID_FIELD", "offset", () -> as(dev).get(app() + "/builds/1/log?offset=x"));
    }

    @Test
    void rollbackPointsTheAppAtAnEarlierRevision() throws Exception {
        for (int i = 0; i < 2; i++) {
            byte[] bits = ("<html>" + Api.unique("v" + i) + "</html>").getBytes(StandardCharsets.UTF_8);
            upload(dev, bits, sha(bits), "index.html").then().statusCode(201);
            awaitBuild(((Number) as(dev).body(Map.of()).post(app() + "/builds").path("id")).longValue());
        }
        as(dev).get(app() + "/revisions").then().body("number", equalTo(List.of(2, 1))).body("current", equalTo(List.of(true, false)));
        as(dev).body(Map.of("version", 1)).post(app() + "/rollback").then().statusCode(200).body("number", equalTo(1));
        as(dev).get(app() + "/revisions").then().body("current", equalTo(List.of(false, true)));
        refused(404, "NOT_FOUND", () -> as(dev).body(Map.of("version", 99)).post(app() + "/rollback"));
        refused(400, "INVALID_FIELD", "version", () -> as(dev).body(Map.of()).post(app() + "/rollback"));
        refused(404, "NOT_FOUND", () -> as(otherDev).body(Map.of("version", 1)).post(app() + "/rollback"));
    }

    @Test
    void restageStagesTheCurrentRevisionsPackageAgainAndStartsTheApp() throws Exception {
        refused(409, "CONFLICT", () -> as(dev).post(app() + "/restage"));
        long[] packages = new long[2];
        for (int i = 0; i < 2; i++) {
            byte[] bits = ("<html>" + Api.unique("v" + i) + "</html>").getBytes(StandardCharsets.UTF_8);
            upload(dev, bits, sha(bits), "index.html").then().statusCode(201);
            Response b = awaitBuild(((Number) as(dev).body(Map.of()).post(app() + "/builds").path("id")).longValue());
            packages[i] = ((Number) b.path("packageId")).longValue();
        }
        as(dev).body(Map.of("version", 1)).post(app() + "/rollback").then().statusCode(200);
        as(dev).post(app() + "/stop").then().statusCode(200);
        refused(404, "NOT_FOUND", () -> as(otherDev).post(app() + "/restage"));

        Response started = as(dev).post(app() + "/restage");
        started.then().statusCode(201).body("state", equalTo("STAGING"));
        assertThat(((Number) started.path("packageId")).longValue()).as("the package of revision 1, the current one")
                .isEqualTo(packages[0]);
        long build = ((Number) started.path("id")).longValue();
        awaitBuild(build).then().body("state", equalTo("STAGED")).body("revision", equalTo(3));
        as(dev).get(app()).then().body("state", equalTo("STARTED"));
        as(dev).get(app() + "/revisions").then().body("number", equalTo(List.of(3, 2, 1)))
                .body("current", equalTo(List.of(true, false, false)));
        // Started once the new revision existed, not before on the old one (events: newest first).
        List<String> actions = as(dev).get("/v1/spaces/" + space + "/events?app=web").path("items.action");
        assertThat(actions.subList(0, 4)).containsExactly("app.start", "app.staged", "app.restage", "app.build");

        // Stopped again, restaged, and stopped while that build stages: it stays stopped.
        as(dev).post(app() + "/stop").then().statusCode(200);
        long again = ((Number) as(dev).post(app() + "/restage").then().statusCode(201).extract().path("id")).longValue();
        as(dev).post(app() + "/stop").then().statusCode(200);
        awaitBuild(again).then().body("state", equalTo("STAGED"));
        as(dev).get(app()).then().body("state", equalTo("STOPPED"));
    }

    Response awaitBuild(long id) {
        return Api.awaitBuild(dev, app(), id);
    }
}
