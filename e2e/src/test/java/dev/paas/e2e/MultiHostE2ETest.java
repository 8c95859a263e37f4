package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several hosts, for real, on one machine: the control plane (with its PostgreSQL), the router and
 * two node agents each in a network namespace of its own with its own address, joined by a
 * bridge ({@link DataCentre}). An app with 4 instances spreads over both hosts and answers
 * through the router from both; then one host loses its link and its agent, and its instances
 * are replaced on the other while traffic goes on.
 */
@Tag("vm")
class MultiHostE2ETest {

    static final String HOST = "spread.e2e.localhost";
    /** Node loss is noticed after this; short, so the test does not wait for the default 15 s. */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long after the cut a request may still fail: the router tries 3 endpoints with a 2 s
     * connect time-out each (RouterConfig.Tuning.DEFAULT), plus the client's own 10 s time-out.
     */
    static final Duration RETRY_WINDOW = Duration.ofSeconds(16);
    private static final Pattern RTR_ENDPOINT = Pattern.compile("\\[RTR\\].* endpoint (\\d+\\.\\d+\\.\\d+\\.\\d+):\\d+");

    @Test
    void anAppSpreadsOverTwoHostsAndLosingOneCostsOnlyTheRetryWindow() throws Exception {
        try (DataCentre dc = DataCentre.create()) {
            String cp = dc.host("cp", 1);
            String rt = dc.host("rt", 2);
            String h1 = dc.host("h1", 11);
            String h2 = dc.host("h2", 12);
            try (Platform p = Platform.start("multi-host", Map.of("PAAS_SCHEDULER_HEARTBEAT_TIMEOUT", HEARTBEAT_TIMEOUT.toSeconds() + "s"),
                    DataCentre.in(cp), dc.address(1))) {
                p.call("POST", "/v1/node-pools", Map.of("name", "dc"));
                Process agent1 = p.startAgentOn(DataCentre.in(h1), "host-1", dc.address(11), joinToken(p));
                p.startAgentOn(DataCentre.in(h2), "host-2", dc.address(12), joinToken(p));
                p.await("both hosts READY", Duration.ofSeconds(90), () -> readyNodes(p) == 2);
                p.startRouter(DataCentre.in(rt), dc.address(2));

                Apps apps = new Apps(p);
                p.call("POST", "/v1/spaces/default/apps", Map.of("name", "spread", "instances", 4, "memory", "64M"));
                p.call("POST", "/v1/spaces/default/routes", Map.of("host", HOST, "app", "spread"));
                apps.stage("spread", Apps.site("<h1>spread</h1>"));
                p.call("POST", Apps.path("spread") + "/start", null);
                apps.awaitRunning("spread", 4, 0);
                Map<String, Long> perNode = apps.instances("spread").stream()
                        .collect(Collectors.groupingBy(i -> i.path("node").asText(), TreeMap::new, Collectors.counting()));
                assertThat(perNode).as("instances per node").containsOnlyKeys("host-1", "host-2");

                // Through the router (in its own namespace) from both hosts: the RTR lines name the endpoint.
                p.await("the router serves " + HOST, Duration.ofSeconds(30), () -> ok(p));
                for (int i = 0; i < 24; i++) {
                    assertThat(p.viaRouter(HOST, "/").statusCode()).isEqualTo(200);
                }
                p.await("RTR lines from both hosts", Duration.ofSeconds(20),
                        () -> rtrHosts(p).keySet().containsAll(List.of(dc.address(11), dc.address(12))));
                System.out.println("multi-host: RTR lines per host " + rtrHosts(p));

                try (Traffic traffic = Traffic.start(p, HOST, r -> r.statusCode() == 200)) {
                    p.await("traffic flowing", Duration.ofSeconds(10), () -> traffic.ok() > 20);
                    long cut = System.nanoTime();
                    dc.unplug("h1");
                    agent1.destroyForcibly();
                    p.await("4 instances RUNNING on host-2 only", Duration.ofMinutes(3), () -> {
                        List<JsonNode> list = apps.instances("spread");
                        return list.stream().filter(i -> i.path("state").asText().equals("RUNNING")
                                && i.path("node").asText().equals("host-2")).count() == 4;
                    });
                    long replacedAfterMs = (System.nanoTime() - cut) / 1_000_000;
                    long afterReplacement = traffic.ok();
                    p.await("traffic served after the replacement", Duration.ofSeconds(30), () -> traffic.ok() > afterReplacement + 20);
                    traffic.close();
                    long late = traffic.failedSince(cut + RETRY_WINDOW.toNanos());
                    System.out.printf("multi-host: host-1 cut; replaced on host-2 after %d ms; requests ok=%d failed=%d"
                            + " (after the %d s retry window: %d; first failure: %s)%n", replacedAfterMs, traffic.ok(),
                            traffic.failed(), RETRY_WINDOW.toSeconds(), late, traffic.firstFailure());
                    assertThat(late).as("requests failed after the retry window (first failure: %s)", traffic.firstFailure()).isZero();
                }
            }
        }
    }

    private static String joinToken(Platform p) throws Exception {
        return p.call("POST", "/v1/node-pools/dc/join-tokens", Map.of()).get("token").asText();
    }

    private static long readyNodes(Platform p) {
        try {
            JsonNode nodes = p.call("GET", "/v1/nodes", null);
            JsonNode items = nodes.has("items") ? nodes.get("items") : nodes;
            long n = 0;
            for (JsonNode node : items) {
                n += node.path("state").asText().equals("READY") ? 1 : 0;
            }
            return n;
        } catch (Exception e) {
            return 0;
        }
    }

    private static boolean ok(Platform p) {
        try {
            return p.viaRouter(HOST, "/").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** RTR lines in the app's recent logs, counted by the endpoint's host address. */
    private static Map<String, Long> rtrHosts(Platform p) {
        try {
            String logs = p.send("GET", Apps.path("spread") + "/logs", null).body();
            Map<String, Long> counts = new TreeMap<>();
            Matcher m = RTR_ENDPOINT.matcher(logs);
            while (m.find()) {
                counts.merge(m.group(1), 1L, Long::sum);
            }
            return counts;
        } catch (Exception e) {
            return Map.of();
        }
    }
}
