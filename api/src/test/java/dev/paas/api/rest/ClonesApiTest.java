package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.scheduling.SchedulerRound;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Snapshot clones: the app's {@code clones} setting (default on) and the agents' {@code clonesOff}. */
@QuarkusTest
class ClonesApiTest extends ApiTestBase {

    @Inject
    SchedulerRound round;

    /** A started, staged "web" app with 2 instances placed on a fresh node; the node's credential. */
    private record Web(String space, String cred) {
        String path() {
            return "/v1/spaces/" + space + "/apps/web";
        }
    }

    private Web placed() {
        Agents.sql(dataSource, "update apps set state = 'STOPPED'");
        Agents.sql(dataSource, "update nodes set state = 'DOWN'");
        String space = Api.unique("sp");
        Api.space(space);
        Api.check(admin().body(Map.of("name", "web", "instances", 2)).post("/v1/spaces/" + space + "/apps"), 201);
        String cred = Agents.join(Agents.joinToken(Api.unique("pool")), Api.unique("node"));
        Agents.stage(dataSource, space, "web");
        Api.check(admin().post("/v1/spaces/" + space + "/apps/web/start"), 200);
        round.run(Duration.ofSeconds(15));
        return new Web(space, cred);
    }

    private static List<Object> clonesOff(Web web) {
        List<Map<String, Object>> desired = as(web.cred()).get("/v1/agent/desired").then().statusCode(200).extract()
                .jsonPath().getList("instances");
        assertThat(desired).hasSize(2);
        return desired.stream().map(d -> d.get("clonesOff")).toList();
    }

    private static Response patch(Web web, Object clones) {
        long version = admin().get(web.path()).jsonPath().getLong("version");
        java.util.HashMap<String, Object> body = new java.util.HashMap<>();
        body.put("version", version);
        body.put("clones", clones);
        return admin().body(body).patch(web.path());
    }

    @Test
    void clonesAreOnByDefaultAndAPatchTurnsThemOffForTheAgentsAndBackOn() {
        Web web = placed();
        assertThat(admin().get(web.path()).jsonPath().getBoolean("clones")).isTrue();
        assertThat(clonesOff(web)).containsExactly(false, false);

        Response off = Api.check(patch(web, false), 200);
        assertThat(off.jsonPath().getBoolean("clones")).isFalse();
        assertThat(admin().get(web.path()).jsonPath().getBoolean("clones")).isFalse();
        assertThat(clonesOff(web)).containsExactly(true, true);
        assertThat(admin().get("/v1/spaces/" + web.space() + "/events?app=web").asString()).contains("clones");

        Response nothing = Api.check(patch(web, null), 200);
        assertThat(nothing.jsonPath().getBoolean("clones")).as("null leaves it as it is").isFalse();

        Api.check(patch(web, true), 200);
        assertThat(clonesOff(web)).containsExactly(false, false);
    }

    @Test
    void aValueThatIsNotABooleanIsRefusedNamingTheFieldAndChangesNothing() {
        Web web = placed();
        Api.check(patch(web, false), 200);
        long version = admin().get(web.path()).jsonPath().getLong("version");
        // A number is a value Jackson may not coerce (INVALID_FIELD); a string, a list or an object
        // is a value of the wrong type (MALFORMED_REQUEST). Both name the field.
        Map<String, String> bad = Map.of("\"no\"", "MALFORMED_REQUEST", "\"false\"", "MALFORMED_REQUEST", "0", "INVALID_FIELD",
                "1", "INVALID_FIELD", "[false]", "MALFORMED_REQUEST", "{\"on\": false}", "MALFORMED_REQUEST");
        bad.forEach((value, code) -> refused(400, code, "clones", () -> admin().contentType("application/json")
                .body("{\"version\": " + version + ", \"clones\": " + value + "}").patch(web.path())));
        Response after = admin().get(web.path());
        assertThat(after.jsonPath().getLong("version")).as("nothing written").isEqualTo(version);
        assertThat(after.jsonPath().getBoolean("clones")).isFalse();
        assertThat(clonesOff(web)).containsExactly(true, true);
    }
}
