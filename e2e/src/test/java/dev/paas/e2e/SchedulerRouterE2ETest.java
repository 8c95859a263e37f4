package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scheduler and the router with real VMs: replacement of a killed instance, scaling, a
 * rolling deploy under constant traffic through the router, and the router carrying on while the
 * control plane is down. The tests build on each other in order.
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulerRouterE2ETest {

    static final String HOST = "web.e2e.localhost";
    Platform platform;
    Apps apps;

    @BeforeAll
    void platform() throws Exception {
        platform = Platform.start("scheduler-router");
        apps = new Apps(platform);
        platform.startAgent("e2e");
        platform.startRouter();
        platform.call("POST", "/v1/spaces/default/apps", Map.of("name", "web", "instances", 2, "memory", "64M"));
        platform.call("POST", "/v1/spaces/default/routes", Map.of("host", HOST, "app", "web"));
        apps.stage("web", Apps.site("<h1>version 1</h1>"));
        platform.call("POST", Apps.path("web") + "/start", null);
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void twoInstancesServeThroughTheRouter() throws Exception {
        apps.awaitRunning("web", 2, 1);
        platform.await("the router routes " + HOST, Duration.ofSeconds(20), () -> body().contains("version 1"));
        HttpResponse<String> r = platform.viaRouter(HOST, "/");
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(platform.viaRouter("nobody.e2e.localhost", "/").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void aKilledInstanceIsReplaced() throws Exception {
        List<ProcessHandle> before = platform.vms();
        assertThat(before).hasSize(2);
        before.get(0).destroyForcibly();
        platform.await("a replacement", Apps.BOOT, () -> {
            List<ProcessHandle> now = platform.vms();
            return now.size() == 2 && now.stream().noneMatch(h -> h.pid() == before.get(0).pid());
        });
        apps.awaitRunning("web", 2, 1);
    }

    @Test
    @Order(3)
    void scalesOneThreeOne() throws Exception {
        apps.scale("web", 1);
        apps.awaitRunning("web", 1, 1);
        platform.await("one VM", Duration.ofSeconds(30), () -> platform.vms().size() == 1);
        apps.scale("web", 3);
        apps.awaitRunning("web", 3, 1);
        apps.scale("web", 1);
        apps.awaitRunning("web", 1, 1);
        platform.await("one VM", Duration.ofSeconds(30), () -> platform.vms().size() == 1);
        apps.scale("web", 2);
        apps.awaitRunning("web", 2, 1);
    }

    @Test
    @Order(4)
    void aRollingDeployUnderConstantTrafficLosesNothing() throws Exception {
        Traffic traffic = Traffic.start(platform, HOST, r -> r.statusCode() == 200 && r.body().contains("version"));
        try (traffic) {
            apps.stage("web", Apps.site("<h1>version 2</h1>"));
            apps.awaitRunning("web", 2, 2);
            platform.await("version 2 served", Duration.ofSeconds(20), () -> body().contains("version 2"));
            // Traffic runs until the old VMs are gone too: their stops are where a request could fail.
            platform.await("only the two new VMs", Duration.ofSeconds(30), () -> platform.vms().size() == 2);
        }
        assertThat(traffic.ok()).as("requests served during the deploy").isGreaterThan(50);
        assertThat(traffic.failed()).as("failed requests (first: %s)", traffic.firstFailure()).isZero();
    }

    @Test
    @Order(5)
    void theRouterKeepsServingWhileTheControlPlaneIsDown() throws Exception {
        Process cp = platform.controlPlane();
        cp.destroy();
        assertThat(cp.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = platform.viaRouter(HOST, "/");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("version 2");
            Thread.sleep(100);
        }
    }

    String body() {
        try {
            return platform.viaRouter(HOST, "/").body();
        } catch (Exception e) {
            return "";
        }
    }
}
