package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventApiTest extends ApiTestBase {

    @Test
    void eventsArePaginatedAndFilterableByApp() {
        String user = Api.unique("dev");
        String token = Api.developer(user);
        String space = Api.unique("sp");
        Api.space(space, user);
        Api.app(space, "one");
        Api.app(space, "two");
        for (int i = 0; i < 3; i++) {
            as(token).post("/v1/spaces/" + space + "/apps/one/start");
            as(token).post("/v1/spaces/" + space + "/apps/one/stop");
        }
        String events = "/v1/spaces/" + space + "/events";
        as(token).get(events + "?app=one&perPage=4").then().statusCode(200)
                .body("total", equalTo(7)).body("items.size()", equalTo(4)).body("items.app", everyItem(equalTo("one")))
                .body("items[0].action", equalTo("app.stop")).body("items[0].actor", equalTo(user));
        as(token).get(events + "?app=one&perPage=4&page=2").then().body("items.size()", equalTo(3));
        as(token).get(events).then().body("items.app", hasItem("two"));
        refused(404, "NOT_FOUND", () -> as(token).get(events + "?app=nope"));
        admin().get("/v1/events").then().statusCode(200).body("page", equalTo(1)).body("items.action", hasItem("app.create"));
        refused(403, "FORBIDDEN", () -> as(token).get("/v1/events"));
        as(token).body(Map.of("version", 6, "env", Map.of("SECRET", "hunter2"))).patch("/v1/spaces/" + space + "/apps/one")
                .then().statusCode(200);
        as(token).get(events + "?app=one&perPage=1").then().body("items[0].details.env", equalTo(java.util.List.of("SECRET")))
                .body("items[0].details.toString()", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("hunter2")));
    }
}
