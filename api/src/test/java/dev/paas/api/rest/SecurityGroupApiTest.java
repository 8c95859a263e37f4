package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class SecurityGroupApiTest extends ApiTestBase {

    static final String GROUPS = "/v1/security-groups";

    String spaceA;
    String spaceB;
    String devA;
    String devB;

    @BeforeEach
    void setUp() {
        spaceA = Api.unique("sp");
        spaceB = Api.unique("sp");
        String a = Api.unique("dev");
        String b = Api.unique("dev");
        devA = Api.developer(a);
        devB = Api.developer(b);
        Api.space(spaceA, a);
        Api.space(spaceB, b);
    }

    static Map<String, Object> rule(String protocol, String destination, String ports) {
        Map<String, Object> r = new HashMap<>();
        r.put("protocol", protocol);
        r.put("destination", destination);
        if (ports != null) {
            r.put("ports", ports);
        }
        return r;
    }

    static String create(List<?> rules) {
        String name = Api.unique("sg");
        Api.check(admin().body(Map.of("name", name, "rules", rules)).post(GROUPS), 201);
        return name;
    }

    @Test
    void theDefaultsAreCloudFoundrysBoundPlatformWide() {
        admin().get(GROUPS + "/public_networks").then().statusCode(200).body("platform", equalTo(true))
                .body("rules.protocol", org.hamcrest.Matchers.everyItem(equalTo("all")))
                .body("rules.destination", equalTo(List.of("1.0.0.0-9.255.255.255", "11.0.0.0-100.63.255.255",
                        "100.128.0.0-126.255.255.255", "128.0.0.0-169.253.255.255", "169.255.0.0-172.15.255.255",
                        "172.32.0.0-192.167.255.255", "192.169.0.0-223.255.255.255")));
        admin().get(GROUPS + "/dns").then().statusCode(200).body("platform", equalTo(true))
                .body("rules", equalTo(List.of(Map.of("protocol", "tcp", "destination", "0.0.0.0/0", "ports", "53"),
                        Map.of("protocol", "udp", "destination", "0.0.0.0/0", "ports", "53"))));
        // Developers see what applies to them: the platform-wide groups.
        as(devA).get(GROUPS).then().statusCode(200).body("items.name", hasItem("public_networks")).body("items.name", hasItem("dns"));
    }

    @Test
    void createReadUpdateBindUnbindAndDeleteAreAuditedEvents() {
        String name = Api.unique("sg");
        admin().body(Map.of("name", name, "rules", List.of(
                        Map.of("protocol", "TCP", "destination", "10.1.2.0/24", "ports", "80, 443", "description", "web"),
                        Map.of("protocol", "icmp", "destination", "10.1.2.3", "type", -1, "code", -1))))
                .post(GROUPS).then().statusCode(201).header("Location", org.hamcrest.Matchers.endsWith(GROUPS + "/" + name))
                .body("name", equalTo(name)).body("platform", equalTo(false)).body("spaces", equalTo(List.of()))
                .body("rules[0]", equalTo(Map.of("protocol", "tcp", "destination", "10.1.2.0/24", "ports", "80,443", "description", "web")))
                .body("rules[1]", equalTo(Map.of("protocol", "icmp", "destination", "10.1.2.3")));
        admin().get(GROUPS + "?perPage=200").then().body("items.name", hasItem(name));

        admin().body(Map.of("rules", List.of(rule("udp", "10.1.2.0-10.1.2.9", "8000-9000")))).patch(GROUPS + "/" + name)
                .then().statusCode(200).body("rules.size()", equalTo(1)).body("rules[0].ports", equalTo("8000-9000"));
        String renamed = Api.unique("sg");
        admin().body(Map.of("name", renamed)).patch(GROUPS + "/" + name).then().statusCode(200).body("name", equalTo(renamed))
                .body("rules[0].destination", equalTo("10.1.2.0-10.1.2.9"));
        admin().get(GROUPS + "/" + name).then().statusCode(404);

        admin().put(GROUPS + "/" + renamed + "/spaces/" + spaceA).then().statusCode(200).body("spaces", equalTo(List.of(spaceA)));
        admin().put(GROUPS + "/" + renamed + "/spaces/" + spaceA).then().statusCode(200).body("spaces", equalTo(List.of(spaceA)));
        admin().put(GROUPS + "/" + renamed + "/platform").then().statusCode(200).body("platform", equalTo(true));
        admin().delete(GROUPS + "/" + renamed + "/platform").then().statusCode(200).body("platform", equalTo(false));
        admin().delete(GROUPS + "/" + renamed + "/spaces/" + spaceA).then().statusCode(200).body("spaces", equalTo(List.of()));
        admin().put(GROUPS + "/" + renamed + "/spaces/" + spaceB).then().statusCode(200);
        admin().delete(GROUPS + "/" + renamed).then().statusCode(204);
        admin().get(GROUPS + "/" + renamed).then().statusCode(404);

        List<Map<String, Object>> events = admin().get("/v1/events?perPage=200").jsonPath().getList("items");
        List<String> mine = new ArrayList<>();
        for (Map<String, Object> e : events) {
            String target = (String) e.get("target");
            if (target.equals("security-group/" + name) || target.equals("security-group/" + renamed)) {
                assertThat(e.get("actor")).isEqualTo("admin");
                mine.add(0, e.get("action") + (e.get("space") == null ? "" : " " + e.get("space")));
            }
        }
        // The second bind to space A changed nothing and recorded nothing.
        assertThat(mine).containsExactly("security_group.create", "security_group.update", "security_group.update",
                "security_group.bind " + spaceA, "security_group.bind", "security_group.unbind", "security_group.unbind " + spaceA,
                "security_group.bind " + spaceB, "security_group.delete");
        // A bind shows in the space's own trail.
        as(devB).get("/v1/spaces/" + spaceB + "/events").then().body("items.action", hasItem("security_group.bind"));
    }

    @ParameterizedTest(name = "{0} {1} ports={2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "tcp   | 10.0.0.0/33        | 443      | rules[1].destination",
            "tcp   | 300.1.1.1          | 443      | rules[1].destination",
            "tcp   | 10.0.0.1-10.0.0.0  | 443      | rules[1].destination",
            "tcp   | 10.0.0.5/24        | 443      | rules[1].destination",
            "tcp   | 010.0.0.1          | 443      | rules[1].destination",
            "tcp   | ::1                | 443      | rules[1].destination",
            "tcp   | 10.0.0.1,10.0.0.2  | 443      | rules[1].destination",
            "tcp   | NULL               | 443      | rules[1].destination",
            "tcp   | 10.0.0.1           | 0        | rules[1].ports",
            "tcp   | 10.0.0.1           | 70000    | rules[1].ports",
            "tcp   | 10.0.0.1           | 80-      | rules[1].ports",
            "udp   | 10.0.0.1           | a        | rules[1].ports",
            "tcp   | 10.0.0.1           | 90-80    | rules[1].ports",
            "tcp   | 10.0.0.1           | 80,,443  | rules[1].ports",
            "tcp   | 10.0.0.1           | NULL     | rules[1].ports",
            "icmp  | 10.0.0.1           | 80       | rules[1].ports",
            "all   | 10.0.0.1           | 1-65535  | rules[1].ports",
            "sctp  | 10.0.0.1           | 80       | rules[1].protocol",
            "NULL  | 10.0.0.1           | 80       | rules[1].protocol",
    })
    void badRulesAre400sNamingTheFieldAndWriteNothing(String protocol, String destination, String ports, String field) {
        String name = Api.unique("sg");
        List<Object> rules = List.of(rule("all", "192.0.2.1", null), rule(protocol, destination, ports));
        refused(400, "INVALID_FIELD", field, () -> admin().body(Map.of("name", name, "rules", rules)).post(GROUPS));
        // The same rules as an update of an existing group: refused too, the group left as it was.
        String existing = create(List.of(rule("all", "192.0.2.1", null)));
        refused(400, "INVALID_FIELD", field, () -> admin().body(Map.of("rules", rules)).patch(GROUPS + "/" + existing));
        admin().get(GROUPS + "/" + existing).then().body("rules.size()", equalTo(1));
    }

    @Test
    void badBodiesAndNamesAre400s() {
        String name = Api.unique("sg");
        refused(400, "INVALID_FIELD", "rules", () -> admin().body(Map.of("name", name)).post(GROUPS));
        refused(400, "MALFORMED_REQUEST", "rules", () -> admin().body(Map.of("name", name, "rules", Map.of("protocol", "tcp"))).post(GROUPS));
        refused(400, "MALFORMED_REQUEST", "body", () -> admin().body("[{\"protocol\": \"all\"}]").post(GROUPS));
        refused(400, "MALFORMED_REQUEST", "rules[0].log", () -> admin().body(Map.of("name", name,
                "rules", List.of(Map.of("protocol", "all", "destination", "10.0.0.1", "log", true)))).post(GROUPS));
        refused(400, "MALFORMED_REQUEST", "colour", () -> admin().body(Map.of("name", name, "rules", List.of(), "colour", "red")).post(GROUPS));
        refused(400, "INVALID_FIELD", "name", () -> admin().body(Map.of("name", "Bad Name", "rules", List.of())).post(GROUPS));
        refused(400, "INVALID_FIELD", "name", () -> admin().body(Map.of("rules", List.of())).post(GROUPS));
        refused(400, "INVALID_FIELD", "rules[0].type", () -> admin().body(Map.of("name", name,
                "rules", List.of(Map.of("protocol", "icmp", "destination", "10.0.0.1", "type", 8, "code", 0)))).post(GROUPS));
        refused(400, "INVALID_FIELD", "rules[0].code", () -> admin().body(Map.of("name", name,
                "rules", List.of(Map.of("protocol", "tcp", "destination", "10.0.0.1", "ports", "1", "code", -1)))).post(GROUPS));
        refused(400, "INVALID_FIELD", "rules[0].description", () -> admin().body(Map.of("name", name,
                "rules", List.of(Map.of("protocol", "all", "destination", "10.0.0.1", "description", "x".repeat(256))))).post(GROUPS));
        String existing = create(List.of());
        refused(400, "INVALID_FIELD", "body", () -> admin().body(Map.of()).patch(GROUPS + "/" + existing));
        refused(400, "INVALID_FIELD", "name", () -> admin().body(Map.of("name", "-x")).patch(GROUPS + "/" + existing));
    }

    @Test
    void takenNamesUnknownGroupsAndUnknownSpacesWriteNothing() {
        String one = create(List.of());
        String two = create(List.of());
        refused(409, "ALREADY_EXISTS", () -> admin().body(Map.of("name", one, "rules", List.of())).post(GROUPS));
        refused(409, "ALREADY_EXISTS", () -> admin().body(Map.of("name", one)).patch(GROUPS + "/" + two));
        refused(404, "NOT_FOUND", () -> admin().put(GROUPS + "/" + one + "/spaces/no-such-space"));
        refused(404, "NOT_FOUND", () -> admin().delete(GROUPS + "/" + one + "/spaces/no-such-space"));
        refused(404, "NOT_FOUND", () -> admin().put(GROUPS + "/no-such-group/spaces/" + spaceA));
        refused(404, "NOT_FOUND", () -> admin().put(GROUPS + "/no-such-group/platform"));
        refused(404, "NOT_FOUND", () -> admin().body(Map.of("rules", List.of())).patch(GROUPS + "/no-such-group"));
        refused(404, "NOT_FOUND", () -> admin().delete(GROUPS + "/no-such-group"));
        // Developers may not write, even where they work.
        refused(403, "FORBIDDEN", () -> as(devA).put(GROUPS + "/" + one + "/spaces/" + spaceA));
        refused(403, "FORBIDDEN", () -> as(devA).body(Map.of("name", Api.unique("sg"), "rules", List.of())).post(GROUPS));
    }

    @Test
    void developersSeeOnlyGroupsThatApplyToTheirSpaces() {
        String both = create(List.of(rule("all", "192.0.2.10", null)));
        String onlyB = create(List.of(rule("all", "192.0.2.11", null)));
        Api.check(admin().put(GROUPS + "/" + both + "/spaces/" + spaceA), 200);
        Api.check(admin().put(GROUPS + "/" + both + "/spaces/" + spaceB), 200);
        Api.check(admin().put(GROUPS + "/" + onlyB + "/spaces/" + spaceB), 200);
        as(devA).get(GROUPS).then().statusCode(200).body("items.name", hasItem(both)).body("items.name", not(hasItem(onlyB)));
        // The spaces a developer may not see are left out of the view.
        as(devA).get(GROUPS + "/" + both).then().statusCode(200).body("spaces", equalTo(List.of(spaceA)));
        admin().get(GROUPS + "/" + both).then().body("spaces", equalTo(List.of(spaceA, spaceB).stream().sorted().toList()));
        refused(404, "NOT_FOUND", () -> as(devA).get(GROUPS + "/" + onlyB));
        as(devB).get(GROUPS + "/" + onlyB).then().statusCode(200);
    }

    @Test
    void deletingASpaceDropsItsBindings() {
        String group = create(List.of());
        String doomed = Api.unique("sp");
        Api.space(doomed);
        Api.check(admin().put(GROUPS + "/" + group + "/spaces/" + doomed), 200);
        Api.check(admin().put(GROUPS + "/" + group + "/spaces/" + spaceA), 200);
        admin().delete("/v1/spaces/" + doomed).then().statusCode(204);
        admin().get(GROUPS + "/" + group).then().statusCode(200).body("spaces", equalTo(List.of(spaceA)));
    }

    @Test
    void egressOfAnInstanceIsThePlatformsGroupsPlusItsSpacesAndFollowsChanges() throws Exception {
        Api.app(spaceA, "web");
        String node = Api.unique("node");
        String credential = Agents.join(Agents.joinToken(Api.unique("pool")), node);
        Agents.place(dataSource, spaceA, "web", node, 0);
        Map<String, Object> dns = Map.of("protocol", "udp", "destination", "0.0.0.0/0", "ports", "53");
        Map<String, Object> proxy = Map.of("protocol", "tcp", "destination", "10.20.0.0/16", "ports", "3128");
        Map<String, Object> theirs = Map.of("protocol", "tcp", "destination", "10.30.0.1", "ports", "5432");
        Map<String, Object> global = Map.of("protocol", "icmp", "destination", "198.51.100.0/24");
        String proxyGroup = create(List.of(proxy));
        String theirGroup = create(List.of(theirs));
        Api.check(admin().put(GROUPS + "/" + theirGroup + "/spaces/" + spaceB), 200);

        Response before = desired(credential, 0);
        assertThat(egress(before)).contains(dns).doesNotContain(proxy, theirs);

        // An agent waiting on its version hears of the bind at once.
        long version = ((Number) before.path("version")).longValue();
        CompletableFuture<Response> watch = CompletableFuture.supplyAsync(() -> desired(credential, version, 30));
        Api.check(admin().put(GROUPS + "/" + proxyGroup + "/spaces/" + spaceA), 200);
        Response bound = watch.get(10, TimeUnit.SECONDS);
        assertThat(((Number) bound.path("version")).longValue()).isGreaterThan(version);
        assertThat(egress(bound)).contains(dns, proxy).doesNotContain(theirs);

        String globalGroup = create(List.of(global));
        Api.check(admin().put(GROUPS + "/" + globalGroup + "/platform"), 200);
        assertThat(egress(desired(credential, 0))).contains(dns, proxy, global);
        Api.check(admin().delete(GROUPS + "/" + globalGroup), 204);
        assertThat(egress(desired(credential, 0))).doesNotContain(global);

        Map<String, Object> changed = Map.of("protocol", "tcp", "destination", "10.20.0.0/16", "ports", "8080");
        long v2 = ((Number) desired(credential, 0).path("version")).longValue();
        Api.check(admin().body(Map.of("rules", List.of(changed))).patch(GROUPS + "/" + proxyGroup), 200);
        Response updated = desired(credential, 0);
        assertThat(((Number) updated.path("version")).longValue()).isGreaterThan(v2);
        assertThat(egress(updated)).contains(changed).doesNotContain(proxy);

        Api.check(admin().delete(GROUPS + "/" + proxyGroup + "/spaces/" + spaceA), 200);
        assertThat(egress(desired(credential, 0))).contains(dns).doesNotContain(changed, proxy);
    }

    private static Response desired(String credential, long version) {
        return desired(credential, version, 0);
    }

    private static Response desired(String credential, long version, int wait) {
        return Api.check(as(credential).get("/v1/agent/desired?version=" + version + "&waitSeconds=" + wait), 200);
    }

    private static List<Map<String, Object>> egress(Response desired) {
        return desired.jsonPath().getList("instances[0].egress");
    }
}
