package dev.paas.api.rest;

import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.paas.api.service.ControlPlaneDrains;
import dev.paas.api.service.LogHub;
import dev.paas.logdrain.api.SyslogListener;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Syslog drains (user-provided services with {@code syslogDrainUrl}): the nodes running a bound
 * app are told its drains at once, and the control plane ships its own lines of the app (STG,
 * API, CELL, RTR) to them, in RFC 5424 over octet-counted TCP, to a drain of the test's own on loopback.
 */
@QuarkusTest
class LogDrainApiTest extends ApiTestBase {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ControlPlaneDrains drains;
    @Inject
    LogHub hub;

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

    private String services() {
        return "/v1/spaces/" + space + "/service-instances";
    }

    private String bindings() {
        return "/v1/spaces/" + space + "/apps/web/service-bindings";
    }

    @Test
    void aBoundDrainReachesTheNodesAndGetsTheControlPlanesLinesInRfc5424() throws Exception {
        try (SyslogListener drain = new SyslogListener(0)) {
            as(dev).body(Map.of("name", "logs", "credentials", Map.of(), "syslogDrainUrl", drain.url())).post(services())
                    .then().statusCode(201);
            as(dev).body(Map.of("name", "other", "credentials", Map.of())).post(services()).then().statusCode(201);
            String node = Api.unique("node");
            String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
            Agents.place(dataSource, space, "web", node, 0);
            as(credential).get("/v1/agent/desired").then().statusCode(200).body("instances[0].logDrains", equalTo(List.of()));
            long version = ((Number) as(credential).get("/v1/agent/desired").path("version")).longValue();

            as(dev).body(Map.of("serviceInstance", "other")).post(bindings()).then().statusCode(201);
            as(dev).body(Map.of("serviceInstance", "logs")).post(bindings()).then().statusCode(201);
            Response desired = as(credential).get("/v1/agent/desired");
            assertThat(((Number) desired.path("version")).longValue()).as("the node hears of the drain").isGreaterThan(version);
            assertThat(desired.<List<String>>path("instances[0].logDrains")).containsExactly(drain.url());

            drains.refresh();
            long appId = Agents.appId(dataSource, space, "web");
            hub.add(appId, "STG", null, "OUT", "-----> Downloading");
            assertThat(drain.next(WAIT)).matches("<14>1 \\S+Z \\S+ " + space + "/web \\[STG\\] - - -----> Downloading\n");
            hub.add(appId, "CELL", 0, "ERR", "instance crashed");
            assertThat(drain.next(WAIT)).startsWith("<11>1 ").endsWith(" " + space + "/web [CELL/0] - - instance crashed\n");
            Object appVersion = as(dev).get("/v1/spaces/" + space + "/apps/web").path("version");
            as(dev).body(Map.of("version", appVersion, "instances", 2)).patch("/v1/spaces/" + space + "/apps/web").then().statusCode(200);
            assertThat(drain.next(WAIT)).contains(" [API] - - app.update by ");
            assertThat(as(Api.adminToken()).get("/q/metrics").then().statusCode(200).extract().asString()).containsPattern("paas_drain_lines_sent_total(\\{[^}]*\\})? [1-9]");

            version = ((Number) desired.path("version")).longValue();
            as(dev).delete(bindings() + "/logs").then().statusCode(204);
            desired = as(credential).get("/v1/agent/desired");
            assertThat(((Number) desired.path("version")).longValue()).as("the node hears the drain is gone").isGreaterThan(version);
            assertThat(desired.<List<String>>path("instances[0].logDrains")).isEmpty();
        }
    }

    @Test
    void changingTheDrainUrlOfABoundServiceTellsTheNodes() {
        as(dev).body(Map.of("name", "logs", "credentials", Map.of(), "syslogDrainUrl", "syslog://127.0.0.1:1")).post(services())
                .then().statusCode(201);
        as(dev).body(Map.of("serviceInstance", "logs")).post(bindings()).then().statusCode(201);
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        Agents.place(dataSource, space, "web", node, 0);
        long version = ((Number) as(credential).get("/v1/agent/desired").path("version")).longValue();
        as(dev).body(Map.of("syslogDrainUrl", "syslog-tls://127.0.0.1:2")).patch(services() + "/logs").then().statusCode(200);
        Response desired = as(credential).get("/v1/agent/desired");
        assertThat(((Number) desired.path("version")).longValue()).isGreaterThan(version);
        assertThat(desired.<List<String>>path("instances[0].logDrains")).containsExactly("syslog-tls://127.0.0.1:2");
    }
}
