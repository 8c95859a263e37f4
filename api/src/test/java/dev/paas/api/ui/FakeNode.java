package dev.paas.api.ui;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;

import dev.paas.api.rest.Api;
import dev.paas.api.scheduling.SchedulerRound;
import java.time.Duration;
import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A node agent played by the test through the real agent protocol: join, then heartbeats. */
final class FakeNode {

    final String name;
    final String credential;

    private FakeNode(String name, String credential) {
        this.name = name;
        this.credential = credential;
    }

    static String joinToken(String pool) {
        return Api.check(admin().body(Map.of()).post("/v1/node-pools/" + pool + "/join-tokens"), 201).path("token");
    }

    static FakeNode join(String joinToken, String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("address", "127.0.0.1");
        body.put("agentPort", 8901);
        body.put("memoryMb", 4096);
        body.put("vcpus", 2);
        body.put("accelerator", "KVM");
        body.put("agentVersion", "0.1.0");
        return new FakeNode(name, Api.check(as(joinToken).body(body).post("/v1/agent/join"), 201).path("credential"));
    }

    /** Reports every instance the node is asked to run as RUNNING, with some CPU time and 40 MiB used in the guest. */
    void reportRunning(double cpuSeconds) {
        report("RUNNING", cpuSeconds, null);
    }

    /** Reports every instance the node is asked to run in {@code state} (CRASHED with {@code exit}). */
    void report(String state, double cpuSeconds, String exit) {
        report(state, cpuSeconds, exit, null, "RUNNING".equals(state) ? 40L * 1024 * 1024 : null);
    }

    /**
     * Reports every instance RUNNING at {@code endpoint} (a real server of the test), with the
     * guest using {@code guestBytes} of its memory.
     */
    void reportRunning(double cpuSeconds, String endpoint, long guestBytes) {
        report("RUNNING", cpuSeconds, null, endpoint, guestBytes);
    }

    /** Other tests' apps and nodes are nobody's: stop them and take them out of placement, as SchedulerWiringTest does. */
    static void quietCluster(DataSource ds, SchedulerRound round) {
        Sql.exec(ds, "update apps set state = 'STOPPED'");
        Sql.exec(ds, "update nodes set state = 'DOWN'");
        round.run(HEARTBEAT_TIMEOUT);
        round.run(HEARTBEAT_TIMEOUT);
    }

    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);

    private void report(String state, double cpuSeconds, String exit, String endpoint, Long guestBytes) {
        List<Map<String, Object>> desired = as(credential).get("/v1/agent/desired").then().statusCode(200).extract().jsonPath()
                .getList("instances");
        List<Map<String, Object>> reports = new ArrayList<>();
        for (Map<String, Object> d : desired) {
            Map<String, Object> r = new HashMap<>();
            r.put("instanceId", ((Number) d.get("instanceId")).longValue());
            r.put("state", state);
            r.put("exitReason", exit);
            r.put("since", Instant.now().toString());
            r.put("endpoint", endpoint != null ? endpoint : "127.0.0.1:2" + d.get("index"));
            r.put("healthy", "RUNNING".equals(state));
            r.put("rssBytes", 48L * 1024 * 1024);
            r.put("cpuSeconds", cpuSeconds);
            if (guestBytes != null) {
                r.put("memoryUsedBytes", guestBytes);
            }
            reports.add(r);
        }
        Map<String, Object> hb = new HashMap<>();
        hb.put("memoryMb", 4096);
        hb.put("vcpus", 2);
        hb.put("accelerator", "KVM");
        hb.put("allocatedMb", 256 * reports.size());
        hb.put("instances", reports);
        as(credential).body(hb).put("/v1/agent/heartbeat").then().statusCode(200);
    }
}
