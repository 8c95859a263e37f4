package dev.paas.api.rest;

import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.paas.api.service.BlobSweeper;
import dev.paas.api.staging.ImageFactoryStager;
import dev.paas.imagefactory.api.StoredImage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Storage errors say what failed (issue 21): a package store that cannot be written answers 507
 * STORAGE_UNAVAILABLE naming the path and the errno, keeping nothing; blobs no row refers to
 * are collected once older than the grace period.
 */
@QuarkusTest
class StorageApiTest extends ApiTestBase {

    @Inject
    BlobSweeper sweeper;

    @Inject
    ImageFactoryStager stager;

    String space;
    String dev;

    @BeforeEach
    void setUp() {
        space = Api.unique("sp");
        String d = Api.unique("dev");
        dev = Api.developer(d);
        Api.space(space, d);
        Api.app(space, "web");
    }

    Response upload(byte[] bits) {
        return as(dev).contentType("application/octet-stream").body(bits)
                .put("/v1/spaces/" + space + "/apps/web/packages/" + PushApiTest.sha(bits) + "?filename=index.html");
    }

    @Test
    void anUnwritablePackageStoreIs507NamingThePathAndTheErrnoAndKeepsNothing() throws Exception {
        Path packages = Files.createDirectories(PushApiTest.PACKAGES);
        // As root, permission bits do not stop a write: the immutable flag does (EPERM).
        assumeTrue(run("chattr", "+i", packages.toString()) == 0, "chattr +i works on this filesystem");
        try {
            long before = PushApiTest.blobs();
            byte[] bits = ("<p>" + Api.unique("bits") + "</p>").getBytes(StandardCharsets.UTF_8);
            Response r = refused(507, "STORAGE_UNAVAILABLE", () -> upload(bits));
            assertThat(r.jsonPath().getString("message")).contains(packages.toAbsolutePath().toString())
                    .contains("operation not permitted (EPERM)").contains("nothing was kept").doesNotContain("\n");
            assertThat(PushApiTest.blobs()).isEqualTo(before);
            as(dev).get("/v1/spaces/" + space + "/apps/web/packages").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
        } finally {
            run("chattr", "-i", packages.toString());
        }
    }

    @Test
    void blobsNoRowRefersToAreCollectedOnceOlderThanTheGrace() throws Exception {
        byte[] kept = ("<p>" + Api.unique("kept") + "</p>").getBytes(StandardCharsets.UTF_8);
        upload(kept).then().statusCode(201);
        Path referenced = PushApiTest.PACKAGES.resolve(PushApiTest.sha(kept));
        Path orphan = PushApiTest.PACKAGES.resolve(PushApiTest.sha(Api.unique("orphan").getBytes(StandardCharsets.UTF_8)));
        Path fresh = PushApiTest.PACKAGES.resolve(PushApiTest.sha(Api.unique("fresh").getBytes(StandardCharsets.UTF_8)));
        Files.writeString(orphan, "bits of an app deleted long ago");
        Files.writeString(fresh, "bits whose row is on its way");
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(orphan, old);
        Files.setLastModifiedTime(referenced, old);

        BlobSweeper.Swept swept = sweeper.sweep();

        assertThat(swept.packages()).isGreaterThanOrEqualTo(1);
        assertThat(orphan).doesNotExist();
        assertThat(referenced).as("a package row refers to it").exists();
        assertThat(fresh).as("younger than paas.storage.orphan-grace").exists();
        // Deleting the app leaves its bits to the sweep.
        as(dev).delete("/v1/spaces/" + space + "/apps/web").then().statusCode(204);
        sweeper.sweep();
        assertThat(referenced).doesNotExist();
        Files.delete(fresh);
    }

    @Test
    void imagesNoRowRefersToAreCollectedToo() throws Exception {
        StoredImage orphan = AgentApiTest.storeImage(stager, Api.unique("orphan-image"));
        StoredImage recorded = AgentApiTest.storeImage(stager, Api.unique("recorded-image"));
        String recordedHex = recorded.digest().replaceFirst("^sha256:", "");
        try (java.sql.Connection c = dataSource.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("insert into images (digest, size_bytes, runtime) values (?, 1, 'static')")) {
            ps.setString(1, recordedHex);
            ps.executeUpdate();
        }
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(orphan.manifest(), old);
        Files.setLastModifiedTime(recorded.manifest(), old);

        assertThat(sweeper.sweep().images()).isGreaterThanOrEqualTo(1);

        assertThat(stager.factory().store().find(orphan.digest())).as("no images row").isEmpty();
        assertThat(orphan.kernel()).doesNotExist();
        assertThat(stager.factory().store().find(recorded.digest())).as("an images row refers to it").isPresent();
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
