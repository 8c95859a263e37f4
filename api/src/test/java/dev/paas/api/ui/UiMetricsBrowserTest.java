package dev.paas.api.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.sun.net.httpserver.HttpServer;
import dev.paas.api.rest.Api;
import dev.paas.api.scheduling.SchedulerRound;
import dev.paas.router.api.RouterConfig;
import dev.paas.router.infra.Router;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics card with real traffic: requests go through the real router (started here, following
 * this control plane with the router key) to a real HTTP server on loopback that the test's node
 * reports as the app's instance; the chart must show exactly what the router counted.
 */
@QuarkusTest
class UiMetricsBrowserTest extends BrowserTestBase {

    static final String ROUTER_KEY = "test-router-key";

    @Inject
    DataSource ds;

    @Inject
    SchedulerRound round;

    private HttpServer backend;
    private Router router;

    @AfterEach
    void stopServers() {
        if (router != null) {
            router.close();
        }
        if (backend != null) {
            backend.stop(0);
        }
    }

    @Test
    void theChartShowsExactlyWhatTheRouterCountedForRealRequests() throws Exception {
        FakeNode.quietCluster(ds, round);
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            int status = path.startsWith("/status/") ? Integer.parseInt(path.substring(8)) : 200;
            byte[] body = ("answered " + status + "\n").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        backend.start();
        String endpoint = "127.0.0.1:" + backend.getAddress().getPort();

        // The app: 64M, staged, started, with a route; the test's node runs it at the backend.
        String pool = Api.unique("pool");
        Api.pool(pool);
        FakeNode node = FakeNode.join(FakeNode.joinToken(pool), Api.unique("node"));
        String apps = "/v1/spaces/" + space + "/apps";
        Api.check(Api.admin().body(Map.of("name", "shop", "memory", "64M")).post(apps), 201);
        Sql.stage(ds, space, "shop");
        String host = Api.unique("shop") + ".localhost";
        Api.route(space, host, "shop");
        Api.check(Api.admin().post(apps + "/shop/start"), 200);
        round.run(FakeNode.HEARTBEAT_TIMEOUT);
        node.reportRunning(2.0, endpoint, 16L * 1024 * 1024);
        // A heartbeat 10 s later (as the clock goes) with 1.5 CPU seconds more: 15 % of a core.
        Sql.exec(ds, "update nodes set last_heartbeat_at = now() - interval '10 seconds' where name = ?", node.name);
        node.reportRunning(3.5, endpoint, 16L * 1024 * 1024);
        round.run(FakeNode.HEARTBEAT_TIMEOUT);

        router = Router.start(RouterConfig.local(base.toString().replaceAll("/$", ""), ROUTER_KEY,
                RouterConfig.Tuning.DEFAULT.withFlushEvery(Duration.ofMillis(200))));
        long version = Api.as(ROUTER_KEY).get("/v1/routing/table").jsonPath().getLong("version");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (router.tableVersion() < version) {
            org.assertj.core.api.Assertions.assertThat(System.nanoTime()).as("the router serves table %d", version).isLessThan(deadline);
            Thread.sleep(50);
        }

        // 12 requests: 8 answered 200, one 404, three 5xx (two from the app, one 503).
        String[] paths = {"/", "/a", "/b", "/c", "/d", "/e", "/f", "/g", "/status/404", "/status/500", "/status/502", "/status/503"};
        for (String p : paths) {
            int status = get(router.port(), host, p);
            org.assertj.core.api.Assertions.assertThat(status).as(p).isEqualTo(p.startsWith("/status/") ? Integer.parseInt(p.substring(8)) : 200);
        }

        // The router's own counts, from its authenticated admin port.
        long appId = Sql.appId(ds, space, "shop");
        JsonPath counted = routerMetrics();
        org.assertj.core.api.Assertions.assertThat(counted.getLong("apps." + appId + ".requests")).isEqualTo(12);
        org.assertj.core.api.Assertions.assertThat(counted.getLong("apps." + appId + ".status5xx")).isEqualTo(3);

        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.navigate("/apps/" + space + "/shop");
        Locator requests = page.locator("#m-requests");
        // The router posts about every 200 ms and the card refreshes every 5 s.
        assertThat(requests).hasAttribute("data-value", "12", new LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
        assertThat(requests).hasText("12");
        assertThat(page.locator("#m-5xx")).hasAttribute("data-value", "3");
        assertThat(page.locator("#m-5xx")).hasText("3 (25%)");
        assertThat(page.locator("#m-rate")).hasText("0.04 req/s");
        assertThat(page.locator("#m-p50")).hasText(java.util.regex.Pattern.compile("^[0-9.]+ m?s$"));
        assertThat(page.locator("#m-p99")).hasText(java.util.regex.Pattern.compile("^[0-9.]+ m?s$"));
        assertThat(page.locator("#m-bars g.bucket")).hasCount(30);
        long barRequests = 0;
        long bar5xx = 0;
        for (Locator bar : page.locator("#m-bars g.bucket").all()) {
            barRequests += Long.parseLong(bar.getAttribute("data-requests"));
            bar5xx += Long.parseLong(bar.getAttribute("data-5xx"));
        }
        org.assertj.core.api.Assertions.assertThat(barRequests).as("the bars add up to the router's count").isEqualTo(12);
        org.assertj.core.api.Assertions.assertThat(bar5xx).as(page.locator("#metrics").innerHTML()).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThat(page.locator("#m-bars rect.err").count()).isPositive();
        org.assertj.core.api.Assertions.assertThat(page.locator("#m-lines polyline.p99").getAttribute("points")).isNotBlank();
        // And they are the router's numbers, counted once: the same after more posts would have come.
        JsonPath again = routerMetrics();
        org.assertj.core.api.Assertions.assertThat(again.getLong("apps." + appId + ".requests")).isEqualTo(12);

        // The instance: the guest's memory of its limit, and CPU between its last two heartbeats.
        Locator row = page.locator("#instances tbody tr").first();
        assertThat(row.locator("td[data-label=Memory]")).hasText("16 MiB of 64M (25%)");
        assertThat(row.locator("td[data-label=CPU]")).containsText(java.util.regex.Pattern.compile("1[45]\\.\\d%"));

        shot(page, "app-metrics-1280");
        Page phone = login(PHONE, dev, Api.PASSWORD);
        phone.navigate("/apps/" + space + "/shop");
        assertThat(phone.locator("#m-requests")).hasText("12");
        org.assertj.core.api.Assertions.assertThat((Boolean) phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling at 390 px").isTrue();
        shot(phone, "app-metrics-390");
    }

    /** GET {@code path} through the router with {@code Host: host}, read whole; the status. (Java's clients will not set Host.) */
    static int get(int port, String host, String path) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String status = in.readLine();
            while (in.readLine() != null) {
                // the whole response, to the router's close: a client that leaves early is a 499
            }
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private JsonPath routerMetrics() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + router.adminPort() + "/metrics"))
                .header("Authorization", "Bearer " + ROUTER_KEY).build(), HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThat(r.statusCode()).isEqualTo(200);
        return new JsonPath(r.body());
    }
}
