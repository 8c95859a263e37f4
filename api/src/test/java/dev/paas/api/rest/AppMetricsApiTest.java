package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.paas.model.LatencyBuckets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An app's metrics: its routers' counts over the window, its instances' usage, the same in /q/metrics. */
@QuarkusTest
class AppMetricsApiTest extends ApiTestBase {

    static final String KEY = RoutingAndLogsApiTest.KEY;

    /** Latency counts with {@code n} requests in the bucket of {@code micros}. */
    static List<Long> latency(long micros, long n) {
        List<Long> l = new ArrayList<>(Collections.nCopies(LatencyBuckets.COUNT, 0L));
        l.set(LatencyBuckets.index(micros), n);
        return l;
    }

    static Map<String, Object> counts(long appId, long requests, long s4xx, long s5xx, List<Long> latency) {
        Map<String, Object> m = new HashMap<>();
        m.put("appId", appId);
        m.put("requests", requests);
        m.put("status4xx", s4xx);
        m.put("status5xx", s5xx);
        m.put("latency", latency);
        return m;
    }

    static void post(Map<String, Object>... apps) {
        as(KEY).body(Map.of("router", "r1", "apps", List.of(apps))).post("/v1/routing/metrics").then().statusCode(204);
    }

    @Test
    void routersCountsAddUpOverTheWindowForMembersOnly() {
        String user = Api.unique("dev");
        String token = Api.developer(user);
        String space = Api.unique("sp");
        Api.space(space, user);
        Api.app(space, "web");
        long appId = Agents.appId(dataSource, space, "web");
        String path = "/v1/spaces/" + space + "/apps/web/metrics";

        JsonPath empty = as(token).get(path).then().statusCode(200).extract().jsonPath();
        assertThat(empty.getLong("requests")).isZero();
        assertThat(empty.getList("buckets")).hasSize(30);
        assertThat(empty.getString("p50Millis")).isNull();

        // Two routers: 7 requests at about 2 ms (2 of them 5xx), 3 at about 400 ms.
        post(counts(appId, 4, 1, 1, latency(2_000, 4)));
        as(KEY).body(Map.of("router", "r2", "apps", List.of(counts(appId, 6, 0, 1, merge(latency(2_000, 3), latency(400_000, 3))))))
                .post("/v1/routing/metrics").then().statusCode(204);

        JsonPath m = as(token).get(path).then().statusCode(200).extract().jsonPath();
        assertThat(m.getLong("requests")).isEqualTo(10);
        assertThat(m.getLong("status5xx")).isEqualTo(2);
        assertThat(m.getInt("windowSeconds")).isEqualTo(300);
        assertThat(m.getInt("bucketSeconds")).isEqualTo(10);
        assertThat(m.getDouble("requestsPerSecond")).isCloseTo(10 / 300.0, within(1e-6));
        assertThat(m.getDouble("p50Millis")).isBetween(lowMillis(2_000), highMillis(2_000));
        assertThat(m.getDouble("p99Millis")).isBetween(lowMillis(400_000), highMillis(400_000));
        List<Map<String, Object>> buckets = m.getList("buckets");
        assertThat(buckets).hasSize(30);
        long inBuckets = buckets.stream().mapToLong(b -> ((Number) b.get("requests")).longValue()).sum();
        assertThat(inBuckets).isEqualTo(10);

        String other = Api.developer(Api.unique("dev"));
        refused(404, "NOT_FOUND", () -> as(other).get(path));
        refused(401, "UNAUTHENTICATED", () -> as(null).get(path));

        // The same figures in /q/metrics, tagged with the space and the app.
        String prom = as(Api.adminToken()).get("/q/metrics").then().statusCode(200).extract().asString();
        String tags = "{app=\"web\",space=\"" + space + "\"}";
        assertThat(prom).contains("paas_app_requests_total" + tags + " 10.0", "paas_app_responses_5xx_total" + tags + " 2.0",
                "paas_app_window_requests" + tags + " 10.0", "paas_app_window_5xx" + tags + " 2.0",
                "paas_app_request_rate_per_second" + tags + " 0.0333", "paas_app_latency_p50_seconds" + tags + " 0.00", "paas_app_latency_p99_seconds" + tags + " 0.");
    }

    /** The bounds of the latency bucket of {@code micros}, in ms: what a percentile read from it can be. */
    static double lowMillis(long micros) {
        return LatencyBuckets.lowerMicros(LatencyBuckets.index(micros)) / 1000.0;
    }

    static double highMillis(long micros) {
        return LatencyBuckets.upperMicros(LatencyBuckets.index(micros)) / 1000.0;
    }

    static List<Long> merge(List<Long> a, List<Long> b) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i) + b.get(i));
        }
        return out;
    }

    @Test
    void aMalformedPostIsRefusedWholeNamingTheField() {
        String space = Api.unique("sp");
        Api.space(space);
        Api.app(space, "web");
        long appId = Agents.appId(dataSource, space, "web");
        String path = "/v1/spaces/" + space + "/apps/web/metrics";
        Map<String, Object> good = counts(appId, 1, 0, 0, latency(1_000, 1));

        refused(400, "INVALID_FIELD", "apps", () -> as(KEY).body(Map.of("router", "r1")).post("/v1/routing/metrics"));
        refused(400, "INVALID_FIELD", "apps[1].latency", () -> as(KEY).body(Map.of("router", "r1", "apps",
                List.of(good, counts(appId, 1, 0, 0, List.of(1L))))).post("/v1/routing/metrics"));
        refused(400, "INVALID_FIELD", "apps[0]", () -> as(KEY).body(Map.of("router", "r1", "apps",
                List.of(counts(appId, 1, 1, 1, latency(1_000, 1))))).post("/v1/routing/metrics"));
        refused(400, "INVALID_FIELD", "apps[0]", () -> as(KEY).body(Map.of("router", "r1", "apps",
                List.of(counts(appId, -1, 0, 0, latency(1_000, 0))))).post("/v1/routing/metrics"));
        List<Long> negative = latency(1_000, 1);
        negative.set(0, -1L);
        refused(400, "INVALID_FIELD", "apps[0].latency[0]", () -> as(KEY).body(Map.of("router", "r1", "apps",
                List.of(counts(appId, 1, 0, 0, negative)))).post("/v1/routing/metrics"));
        refused(401, "UNAUTHENTICATED", () -> as(Api.adminToken()).body(Map.of("router", "r1", "apps", List.of(good)))
                .post("/v1/routing/metrics"));
        assertThat(admin().get(path).jsonPath().getLong("requests")).as("nothing of a refused post was kept").isZero();

        // An app the control plane does not know (deleted meanwhile) is skipped, not an error.
        post(counts(Long.MAX_VALUE, 1, 0, 0, latency(1_000, 1)), good);
        assertThat(admin().get(path).jsonPath().getLong("requests")).isEqualTo(1);
    }

    @Test
    void instancesShowTheGuestsMemoryOfTheLimitAndCpuBetweenHeartbeats() {
        String space = Api.unique("sp");
        Api.space(space);
        Api.app(space, "web");
        String node = Api.unique("node");
        String cred = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        long id = Agents.place(dataSource, space, "web", node, 0); // 256 MiB
        String path = "/v1/spaces/" + space + "/apps/web/metrics";

        Map<String, Object> r = AgentApiTest.report(id, "RUNNING", "10.0.0.9:20000", null);
        r.put("cpuSeconds", 10.0);
        r.put("memoryUsedBytes", 64L * 1024 * 1024);
        as(cred).body(AgentApiTest.heartbeat(List.of(r))).put("/v1/agent/heartbeat").then().statusCode(200);
        JsonPath first = admin().get(path).jsonPath();
        assertThat(first.getList("instances")).hasSize(1);
        assertThat(first.getString("instances[0].cpuPercent")).as("one reading is no rate").isNull();
        assertThat(first.getLong("instances[0].memoryUsedBytes")).isEqualTo(64L * 1024 * 1024);
        assertThat(first.getLong("instances[0].memoryLimitBytes")).isEqualTo(256L * 1024 * 1024);
        assertThat(first.getDouble("instances[0].memoryPercent")).isEqualTo(25.0);

        // The node's previous heartbeat 10 s ago; the VM used 2.5 more CPU seconds since: 25 %.
        Agents.sql(dataSource, "update nodes set last_heartbeat_at = now() - interval '10 seconds' where name = ?", node);
        r.put("cpuSeconds", 12.5);
        r.remove("memoryUsedBytes"); // an agent that does not read the guest's memory
        as(cred).body(AgentApiTest.heartbeat(List.of(r))).put("/v1/agent/heartbeat").then().statusCode(200);
        JsonPath second = admin().get(path).jsonPath();
        assertThat(second.getDouble("instances[0].cpuPercent")).isCloseTo(25.0, within(0.5));
        assertThat(second.getString("instances[0].memoryUsedBytes")).isNull();
        assertThat(second.getString("instances[0].memoryPercent")).isNull();

        String prom = as(Api.adminToken()).get("/q/metrics").then().statusCode(200).extract().asString();
        String tags = "{app=\"web\",index=\"0\",space=\"" + space + "\"}";
        assertThat(prom).contains("paas_instance_memory_limit_bytes" + tags + " 2.68435456E8")
                .containsPattern("paas_instance_cpu_percent" + java.util.regex.Pattern.quote(tags) + " 2[45]\\.");
    }
}
