package dev.paas.router.infra;

import static dev.paas.router.infra.StubControlPlane.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.LatencyBuckets;
import dev.paas.router.api.RouterConfig;
import dev.paas.router.infra.TestApps.App;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Request counts per app: counted on the data path, posted to the control plane as deltas, and on the admin port. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RouterMetricsTest {

    private static final RouterConfig.Tuning FAST = RouterConfig.Tuning.DEFAULT
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
            .withFlushEvery(Duration.ofMillis(200));

    private RouterRig rig;
    private StubControlPlane controlPlane;
    private TestApps apps;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        rig = new RouterRig();
        controlPlane = rig.controlPlane();
        apps = rig.apps();
        router = rig.startRouter(StubControlPlane.KEY, FAST);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private JsonObject adminMetrics(String key) throws Exception {
        TestApps.Reply r = apps.send(HttpMethod.GET, router.adminPort(), "127.0.0.1", "/metrics",
                key == null ? Map.of() : Map.of("Authorization", "Bearer " + key), null);
        return r.status() == 200 ? r.json() : new JsonObject().put("status", r.status());
    }

    @Test
    void countsEachAppsRequestsByStatusAndLatencyAndPostsThemOnce() throws Exception {
        App app = apps.start("counted");
        serve(route("counted.test", "", 42, app.endpoint()), route("down.test", "", 43));

        for (String path : new String[] {"/", "/a", "/status/201", "/status/404", "/status/500", "/status/503", "/slow/30"}) {
            apps.get(router.port(), "counted.test", path);
        }
        apps.get(router.port(), "down.test", "/"); // the router's own 503: no endpoints
        apps.get(router.port(), "nobody.test", "/"); // no app: counted nowhere

        TestApps.until("7 requests of app 42 posted", Duration.ofSeconds(5), () -> controlPlane.metricsSum(42, "requests") == 7
                && controlPlane.metricsSum(43, "requests") == 1);
        assertThat(controlPlane.metricsSum(42, "status5xx")).isEqualTo(2);
        assertThat(controlPlane.metricsSum(42, "status4xx")).isEqualTo(1);
        assertThat(controlPlane.metricsSum(42, "latency")).as("every request timed once").isEqualTo(7);
        assertThat(controlPlane.metricsSum(43, "status5xx")).isEqualTo(1);
        JsonObject first = controlPlane.metrics().get(0);
        assertThat(first.getString("router")).isEqualTo("router-test");
        assertThat(first.getJsonArray("apps").getJsonObject(0).getJsonArray("latency")).hasSize(LatencyBuckets.COUNT);

        // Nothing new: nothing more is posted, and nothing is counted twice.
        int posts = controlPlane.metrics().size();
        apps.get(router.port(), "counted.test", "/status/502");
        TestApps.until("the 8th request posted", Duration.ofSeconds(5), () -> controlPlane.metricsSum(42, "requests") == 8);
        assertThat(controlPlane.metrics()).hasSize(posts + 1);
        assertThat(controlPlane.metricsSum(42, "status5xx")).isEqualTo(3);

        // The admin port has the same counts since the start, and the slow request in a bucket of 30 ms or more.
        JsonObject counted = adminMetrics(StubControlPlane.KEY).getJsonObject("apps").getJsonObject("42");
        assertThat(counted.getLong("requests")).isEqualTo(8);
        assertThat(counted.getLong("status5xx")).isEqualTo(3);
        assertThat(counted.getLong("status4xx")).isEqualTo(1);
        long slow = 0;
        for (int i = LatencyBuckets.index(30_000); i < LatencyBuckets.COUNT; i++) {
            slow += counted.getJsonArray("latency").getLong(i);
        }
        assertThat(slow).as("the /slow/30 request").isGreaterThanOrEqualTo(1);
        assertThat(adminMetrics(null).getInteger("status")).as("no key, no counts").isEqualTo(401);
        assertThat(adminMetrics("wrong").getInteger("status")).isEqualTo(401);
    }

    @Test
    void aRefusedPostIsCarriedIntoTheNextOne() throws Exception {
        App app = apps.start("carried");
        serve(route("carried.test", "", 7, app.endpoint()));
        controlPlane.refuseMetrics(true);
        apps.get(router.port(), "carried.test", "/status/500");
        apps.get(router.port(), "carried.test", "/");
        TestApps.until("a refused post", Duration.ofSeconds(5), () -> controlPlane.metricsRefused() >= 1);

        controlPlane.refuseMetrics(false);
        apps.get(router.port(), "carried.test", "/");
        TestApps.until("3 requests posted", Duration.ofSeconds(5), () -> controlPlane.metricsSum(7, "requests") == 3);
        assertThat(controlPlane.metricsSum(7, "status5xx")).isEqualTo(1);
        assertThat(controlPlane.metricsSum(7, "latency")).isEqualTo(3);
    }

    @Test
    void anAppThatLeftTheTableIsForgottenOnceItsCountsWereSent() throws Exception {
        App app = apps.start("leaving");
        serve(route("leaving.test", "", 8, app.endpoint()));
        apps.get(router.port(), "leaving.test", "/");
        serve(route("other.test", "", 9, app.endpoint()));

        TestApps.until("its request posted", Duration.ofSeconds(5), () -> controlPlane.metricsSum(8, "requests") == 1);
        TestApps.until("forgotten on the admin port", Duration.ofSeconds(5), () -> {
            try {
                return !adminMetrics(StubControlPlane.KEY).getJsonObject("apps").containsKey("8");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(adminMetrics(StubControlPlane.KEY).getJsonObject("apps").containsKey("9")).isTrue();
    }

    private void serve(JsonObject... routes) throws InterruptedException {
        rig.serve(routes);
    }
}
