package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.scheduling.SchedulerRound;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code snapshots} table: heartbeats fill and replace a node's rows (a node without a
 * revision's snapshot boots cold, so the scheduler places where one is), bad reports are left out
 * row by row, and the rows go with their node or revision.
 */
@QuarkusTest
class SnapshotHeartbeatApiTest extends ApiTestBase {

    @Inject
    SchedulerRound round;

    static Map<String, Object> snapshot(Object revisionId, Object memoryMb, Object diskMb, Object sizeBytes, Object lastUsedAt) {
        Map<String, Object> s = new HashMap<>();
        s.put("revisionId", revisionId);
        s.put("memoryMb", memoryMb);
        s.put("diskMb", diskMb);
        s.put("accelerator", "TCG");
        s.put("sizeBytes", sizeBytes);
        s.put("lastUsedAt", lastUsedAt);
        return s;
    }

    static Map<String, Object> heartbeat(List<Map<String, Object>> snapshots) {
        Map<String, Object> hb = AgentApiTest.heartbeat(List.of());
        hb.put("snapshots", snapshots);
        return hb;
    }

    /** {@code revision:memory:disk:size} of each of the node's rows, sorted. */
    List<String> rows(String node) {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select s.revision_id, s.memory_mb, s.disk_mb, s.size_bytes from snapshots s"
                     + " join nodes n on n.id = s.node_id where n.name = ? order by 1, 2, 3")) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + ":" + rs.getInt(2) + ":" + rs.getInt(3) + ":" + rs.getLong(4));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    long rowsOfRevision(long revision) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from snapshots where revision_id = ?")) {
            ps.setLong(1, revision);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void beat(String credential, Map<String, Object> hb) {
        as(credential).body(hb).put("/v1/agent/heartbeat").then().statusCode(200);
    }

    @Test
    void aHeartbeatFillsTheNodesRowsALaterOneReplacesThemAndAnOldAgentLeavesThem() {
        String space = Api.unique("sp");
        Api.space(space);
        Api.app(space, "web");
        long r1 = Agents.stage(dataSource, space, "web");
        long r2 = Agents.stage(dataSource, space, "web");
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        String now = Instant.now().toString();

        beat(credential, heartbeat(List.of(snapshot(r1, 256, 1024, 100_000_000L, now), snapshot(r1, 512, 1024, 200, now))));
        assertThat(rows(node)).containsExactly(r1 + ":256:1024:100000000", r1 + ":512:1024:200");

        beat(credential, heartbeat(List.of(snapshot(r1, 256, 1024, 99, now), snapshot(r2, 256, 64, 300, now))));
        assertThat(rows(node)).as("replaced: one changed, one gone, one new").containsExactly(r1 + ":256:1024:99", r2 + ":256:64:300");

        Map<String, Object> old = AgentApiTest.heartbeat(List.of());
        beat(credential, old);
        assertThat(rows(node)).as("an agent that does not report snapshots leaves the rows").hasSize(2);

        beat(credential, heartbeat(List.of()));
        assertThat(rows(node)).as("an empty report: the node holds none").isEmpty();
    }

    @Test
    void theAnswerNamesTheReportedRevisionsNoAppNeedsAnyMore() {
        String space = Api.unique("sp");
        Api.space(space);
        Api.app(space, "web");
        long r1 = Agents.stage(dataSource, space, "web");
        long r2 = Agents.stage(dataSource, space, "web");  // the app's current revision now
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        String now = Instant.now().toString();

        List<Number> unneeded = as(credential).body(heartbeat(List.of(snapshot(r1, 256, 1024, 5L, now), snapshot(r2, 256, 1024, 5L, now),
                        snapshot(r2, 512, 1024, 5L, now), snapshot(999_999_999L, 256, 1024, 5L, now))))
                .put("/v1/agent/heartbeat").then().statusCode(200).extract().jsonPath().getList("unneededSnapshots");
        assertThat(unneeded).extracting(Number::longValue).as("replaced by a later revision, or gone with its app")
                .containsExactly(r1, 999_999_999L);

        List<Number> none = as(credential).body(heartbeat(List.of(snapshot(r2, 256, 1024, 5L, now))))
                .put("/v1/agent/heartbeat").then().statusCode(200).extract().jsonPath().getList("unneededSnapshots");
        assertThat(none).as("the current revision's snapshot is kept").isEmpty();
        List<Number> old = as(credential).body(AgentApiTest.heartbeat(List.of()))
                .put("/v1/agent/heartbeat").then().statusCode(200).extract().jsonPath().getList("unneededSnapshots");
        assertThat(old).as("an agent that reports nothing is told nothing").isEmpty();
    }

    @Test
    void reportsThatCannotBeRowsAreLeftOutAndTheRestIsStored() {
        String space = Api.unique("sp");
        Api.space(space);
        Api.app(space, "web");
        long rev = Agents.stage(dataSource, space, "web");
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        String now = Instant.now().toString();
        List<Map<String, Object>> reports = new ArrayList<>();
        reports.add(snapshot(rev, 256, 1024, -1L, now));                       // negative size
        reports.add(snapshot(999_999_999L, 256, 1024, 5L, now));               // unknown revision
        reports.add(snapshot(rev, 0, 1024, 5L, now));                          // no memory
        reports.add(snapshot(rev, 256, -64, 5L, now));                         // negative disk
        reports.add(snapshot(null, 256, 1024, 5L, now));                       // no revision
        reports.add(snapshot(rev, 256, 1024, 5L, null));                       // never used?
        reports.add(snapshot(rev, 256, 1024, 5L, "0001-01-01T00:00:00Z"));     // out of any range
        reports.add(null);
        reports.add(snapshot(rev, 128, 1024, 7L, Instant.now().plus(Duration.ofDays(400)).toString()));  // a clock ahead: now
        reports.add(snapshot(rev, 128, 1024, 8L, now));                        // the same snapshot again
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

        beat(credential, heartbeat(reports));
        assertThat(rows(node)).containsExactly(rev + ":128:1024:7");
        Instant lastUsed = lastUsed(node);
        assertThat(lastUsed).isBetween(before, Instant.now());
    }

    Instant lastUsed(String node) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select s.last_used_at from snapshots s join nodes n on n.id = s.node_id where n.name = ?")) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aGrosslyOversizedListIs400NamingTheFieldAndWritesNothing() {
        String space = Api.unique("sp");
        Api.space(space);
        Api.app(space, "web");
        long rev = Agents.stage(dataSource, space, "web");
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        List<Map<String, Object>> many = Collections.nCopies(1001, snapshot(rev, 256, 1024, 1L, Instant.now().toString()));
        refused(400, "INVALID_FIELD", "snapshots", () -> as(credential).body(heartbeat(many)).put("/v1/agent/heartbeat"));
        refused(400, "MALFORMED_REQUEST", "snapshots[0].colour", () -> as(credential)
                .body("{\"memoryMb\": 4096, \"vcpus\": 2, \"accelerator\": \"TCG\", \"snapshots\": [{\"colour\": 1}]}")
                .put("/v1/agent/heartbeat"));
    }

    @Test
    void rowsGoWithTheirNodeAndWithTheirRevision() {
        String space = Api.unique("sp");
        Api.space(space);
        Api.app(space, "web");
        Api.app(space, "api");
        long web = Agents.stage(dataSource, space, "web");
        long api = Agents.stage(dataSource, space, "api");
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        String now = Instant.now().toString();
        beat(credential, heartbeat(List.of(snapshot(web, 256, 1024, 1L, now), snapshot(api, 256, 1024, 1L, now))));
        assertThat(rows(node)).hasSize(2);

        admin().delete("/v1/spaces/" + space + "/apps/api").then().statusCode(204);
        assertThat(rowsOfRevision(api)).isZero();
        assertThat(rows(node)).containsExactly(web + ":256:1024:1");

        Agents.markDown(dataSource, node);
        admin().delete("/v1/nodes/" + node).then().statusCode(204);
        assertThat(rowsOfRevision(web)).isZero();
    }

    @Test
    void theSchedulerPlacesWhereTheSnapshotIsAndOnlyForTheSameMemoryAndAccelerator() {
        // Other tests' apps and nodes are nobody's: stop them and take them out of placement.
        Agents.sql(dataSource, "update apps set state = 'STOPPED'");
        Agents.sql(dataSource, "update nodes set state = 'DOWN'");
        Duration timeout = SchedulerWiringTest.HEARTBEAT_TIMEOUT;
        round.run(timeout);
        String space = Api.unique("sp");
        Api.space(space);
        String token = Agents.joinToken(Api.unique("pool"));
        String nodeA = "a-" + Api.unique("n");
        String nodeB = "b-" + Api.unique("n");
        Agents.join(token, nodeA);
        String credB = Agents.join(token, nodeB);
        long rev = app(space, "warm", "256M");
        long other = app(space, "cold", "256M");
        String now = Instant.now().toString();
        Map<String, Object> wrongAccelerator = snapshot(other, 256, 1024, 1L, now);
        wrongAccelerator.put("accelerator", "KVM");  // taken before the node fell back to TCG: no clone from it
        beat(credB, heartbeat(List.of(snapshot(rev, 256, 1024, 1L, now), snapshot(other, 512, 1024, 1L, now), wrongAccelerator)));

        start(space, "warm");
        start(space, "cold");
        round.run(timeout);
        assertThat(nodeOf(space, "warm")).as("the node holding its snapshot, not the lower name").isEqualTo(nodeB);
        assertThat(nodeOf(space, "cold")).as("another memory or accelerator counts for nothing").isEqualTo(nodeA);
    }

    private long app(String space, String name, String memory) {
        Api.check(admin().body(Map.of("name", name, "instances", 1, "memory", memory)).post("/v1/spaces/" + space + "/apps"), 201);
        return Agents.stage(dataSource, space, name);
    }

    private static void start(String space, String name) {
        Api.check(admin().post("/v1/spaces/" + space + "/apps/" + name + "/start"), 200);
    }

    private static String nodeOf(String space, String app) {
        return admin().get("/v1/spaces/" + space + "/apps/" + app + "/instances").then().statusCode(200).extract().path("[0].node");
    }
}
