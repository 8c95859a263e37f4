package dev.paas.api.rest;

import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.paas.api.staging.RecordingStager;
import dev.paas.api.staging.StagingWorker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Staging survives its control plane (issue 21): leases renewed while a build runs (the test
 * profile's lease is 3 s), a lapsed lease taken over, a lost lease's outcome dropped, the push
 * generation, and the start-up sweep of dead builds' work directories.
 */
@QuarkusTest
class StagingResilienceApiTest extends ApiTestBase {

    @Inject
    StagingWorker worker;

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

    String app() {
        return "/v1/spaces/" + space + "/apps/web";
    }

    long push(byte[] bits) {
        as(dev).contentType("application/octet-stream").body(bits).put(app() + "/packages/" + PushApiTest.sha(bits) + "?filename=index.html")
                .then().statusCode(201);
        return ((Number) as(dev).body(Map.of()).post(app() + "/builds").then().statusCode(201).extract().path("id")).longValue();
    }

    static byte[] held(String key) {
        RecordingStager.hold(key);
        return ("HOLD " + key).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRunningBuildRenewsItsLeaseAndALapsedLeaseIsTakenOverWhileALostOneIsDropped() throws Exception {
        String key = Api.unique("hold");
        long id = push(held(key));
        RecordingStager.awaitStarted(key);
        Instant first = leaseUntil(id);
        // The lease is 3 s, renewed every second: it moves on while the build runs, past its first end.
        await("lease of build " + id + " renewed past its first end", () -> leaseUntil(id).isAfter(first.plusMillis(1500)));
        assertThat(first).isBefore(Instant.now().plusSeconds(4));

        // Another control plane took the build (this one stalled past its lease): this run's outcome is dropped.
        exec("update staging_queue set taken_by = 'other-replica', attempts = attempts + 1, lease_until = now() + interval '1 hour'"
                + " where build_id = ?", id);
        RecordingStager.release(key);
        // Then the other one dies: once its lease lapses, this control plane takes the build again.
        await("this run's end", () -> as(dev).get(app() + "/builds/" + id + "/log").asString().contains("Image "));
        assertThat(number("select count(*) from staging_queue where build_id = ?", id)).as("queue row kept: the dropped run recorded nothing")
                .isEqualTo(1);
        exec("update staging_queue set lease_until = now() - interval '1 second' where build_id = ?", id);
        exec("select pg_notify('paas_staging', '')");

        Api.awaitBuild(dev, app(), id).then().body("state", equalTo("STAGED")).body("revision", equalTo(1));
        as(dev).get(app() + "/builds/" + id + "/log").then().body(containsString("Staging build " + id + " again (attempt 3)"));
        as(dev).get(app() + "/revisions").then().body("size()", equalTo(1));
        assertThat(number("select count(*) from staging_queue where build_id = ?", id)).isZero();
    }

    @Test
    void aBuildInterruptedTooOftenFailsWithAReason() throws Exception {
        String key = Api.unique("hold");
        long busy = push(held(key));
        RecordingStager.awaitStarted(key);
        // Queued while the worker is busy, then made to look as if three control planes had died running it.
        long id = push(("<p>" + key + "</p>").getBytes(StandardCharsets.UTF_8));
        exec("update staging_queue set taken_by = 'dead', attempts = 3, taken_at = now(), lease_until = now() - interval '1 second'"
                + " where build_id = ?", id);
        RecordingStager.release(key);
        Api.awaitBuild(dev, app(), busy);
        Api.awaitBuild(dev, app(), id).then().body("state", equalTo("FAILED"))
                .body("error", containsString("staging was interrupted 3 times"));
        as(dev).get(app() + "/revisions").then().body("size()", equalTo(0));
    }

    @Test
    void anOldBuildFinishingAfterANewerPushDoesNotBecomeCurrent() throws Exception {
        String key = Api.unique("hold");
        long old = push(held(key));
        RecordingStager.awaitStarted(key);
        byte[] newer = ("<p>" + Api.unique("newer") + "</p>").getBytes(StandardCharsets.UTF_8);
        long next = push(newer);
        RecordingStager.release(key);

        Api.awaitBuild(dev, app(), old).then().body("state", equalTo("FAILED")).body("error", containsString("superseded"))
                .body("revision", org.hamcrest.Matchers.nullValue());
        Api.awaitBuild(dev, app(), next).then().body("state", equalTo("STAGED")).body("revision", equalTo(1));
        as(dev).get(app() + "/revisions").then().body("size()", equalTo(1)).body("[0].current", equalTo(true))
                .body("[0].imageDigest", equalTo(PushApiTest.sha(newer)));
        as(dev).get("/v1/spaces/" + space + "/events?app=web").then().body("items.action", org.hamcrest.Matchers.hasItem("build.failed"));
    }

    @Test
    void aRollbackWhileABuildRunsKeepsTheChosenRevision() throws Exception {
        byte[] first = ("<p>" + Api.unique("first") + "</p>").getBytes(StandardCharsets.UTF_8);
        Api.awaitBuild(dev, app(), push(first)).then().body("state", equalTo("STAGED"));
        byte[] second = ("<p>" + Api.unique("second") + "</p>").getBytes(StandardCharsets.UTF_8);
        Api.awaitBuild(dev, app(), push(second)).then().body("revision", equalTo(2));
        String key = Api.unique("hold");
        long running = push(held(key));
        RecordingStager.awaitStarted(key);
        as(dev).body(Map.of("version", 1)).post(app() + "/rollback").then().statusCode(200);
        RecordingStager.release(key);
        Api.awaitBuild(dev, app(), running).then().body("state", equalTo("FAILED")).body("error", containsString("superseded"));
        as(dev).get(app() + "/revisions").then().body("find { it.current }.number", equalTo(1));
    }

    @Test
    void workDirectoriesOfDeadBuildsAreRemovedAndLiveOnesKept() throws Exception {
        Path root = worker.workRoot();
        Path dead = Files.createDirectories(root.resolve("987654321-1"));
        Files.writeString(dead.resolve("app.zip"), "left by a control plane that died");
        Path other = Files.createDirectories(root.resolve("not-a-build"));
        String key = Api.unique("hold");
        long id = push(held(key));
        RecordingStager.awaitStarted(key);
        Path live = root.resolve(id + "-1");
        assertThat(live).isDirectory();

        assertThat(worker.sweepWorkDirs()).isGreaterThanOrEqualTo(1);

        assertThat(dead).doesNotExist();
        assertThat(live).as("the running build's directory").isDirectory();
        assertThat(other).as("not a build's: left alone").isDirectory();
        RecordingStager.release(key);
        Api.awaitBuild(dev, app(), id).then().body("state", equalTo("STAGED"));
        await("the finished build's directory removed", () -> !Files.exists(live));
        Files.delete(other);
    }

    Instant leaseUntil(long buildId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select lease_until from staging_queue where build_id = ?")) {
            ps.setLong(1, buildId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("queue row of build " + buildId).isTrue();
                Timestamp t = rs.getTimestamp(1);
                assertThat(t).as("lease_until of build " + buildId).isNotNull();
                return t.toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void exec(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long number(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
