package dev.paas.api.ui;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;

import dev.paas.api.rest.Api;
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

    /** Reports every instance the node is asked to run as RUNNING, with some CPU time. */
    void reportRunning(double cpuSeconds) {
        report("RUNNING", cpuSeconds, null);
    }

    /** Reports every instance the node is asked to run in {@code state} (CRASHED with {@code exit}). */
    void report(String state, double cpuSeconds, String exit) {
        List<Map<String, Object>> desired = as(credential).get("/v1/agent/desired").then().statusCode(200).extract().jsonPath()
                .getList("instances");
        List<Map<String, Object>> reports = new ArrayList<>();
        for (Map<String, Object> d : desired) {
            Map<String, Object> r = new HashMap<>();
            r.put("instanceId", ((Number) d.get("instanceId")).longValue());
            r.put("state", state);
            r.put("exitReason", exit);
            r.put("since", Instant.now().toString());
            r.put("endpoint", "127.0.0.1:2" + d.get("index"));
            r.put("healthy", "RUNNING".equals(state));
            r.put("rssBytes", 48L * 1024 * 1024);
            r.put("cpuSeconds", cpuSeconds);
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
