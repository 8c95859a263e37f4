package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of /v1 x {anonymous, developer of space A, developer of space B, admin} ->
 * the expected status. Developer B must get 404 for space A's things, answered exactly as for a
 * space or app that does not exist: existence is not revealed. Each call gets fresh targets, so a
 * delete in one cell does not change another. A refused cell writes nothing.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest extends ApiTestBase {

    enum Who { ANONYMOUS, DEV_A, DEV_B, ADMIN }

    record Row(String name, String method, Function<AuthorizationMatrixTest, String> path, Object body, int... expected) {
        @Override
        public String toString() {
            return method + " " + name;
        }
    }

    String spaceA;
    String spaceB;
    String devA;
    String devB;
    String pool;
    /** Space A's app "built": one uploaded package and one finished build (revision 1). */
    String built;
    byte[] bits;
    String sha;
    long build;

    @TestHTTPResource("/")
    URI base;

    /** Runs once, on the first cell: Quarkus and RestAssured are ready only inside a test. */
    void fixtures() {
        if (spaceA != null) {
            return;
        }
        spaceA = Api.unique("space-a");
        spaceB = Api.unique("space-b");
        devA = Api.unique("dev-a");
        devB = Api.unique("dev-b");
        Api.developer(devA);
        Api.developer(devB);
        Api.space(spaceA, devA);
        Api.space(spaceB, devB);
        Api.app(spaceA, "app");
        pool = Api.unique("pool");
        Api.pool(pool);
        Api.app(spaceA, "built");
        built = "/v1/spaces/" + spaceA + "/apps/built";
        bits = ("<html>" + Api.unique("matrix") + "</html>").getBytes(StandardCharsets.UTF_8);
        sha = PushApiTest.sha(bits);
        Api.check(admin().contentType("application/octet-stream").body(bits).put(built + "/packages/" + sha + "?filename=index.html"), CREATED);
        build = ((Number) Api.check(admin().body(Map.of()).post(built + "/builds"), CREATED).path("id")).longValue();
        Api.awaitBuild(Api.adminToken(), built, build);
        groupOfA = freshGroup();
        Api.check(admin().put("/v1/security-groups/" + groupOfA + "/spaces/" + spaceA), OK);
        Api.check(admin().body(Map.of("name", "svc", "credentials", Map.of("k", "v"))).post("/v1/spaces/" + spaceA + "/service-instances"), CREATED);
        Api.check(admin().body(Map.of("command", "echo matrix")).post(built + "/tasks"), CREATED);
    }

    /** Tasks left pending would be placed on the nodes of later test classes. */
    @org.junit.jupiter.api.AfterAll
    void forgetTasks() {
        Agents.sql(dataSource, "delete from tasks");
    }

    /** A new task of space A's staged app, not ended: its path. */
    String freshTask() {
        return built + "/tasks/" + ((Number) Api.check(admin().body(Map.of("command", "sleep 1")).post(built + "/tasks"), CREATED)
                .path("id")).intValue();
    }

    /** The broker the service-broker rows register, with a catalog of a fresh offering each time. */
    BrokerDouble broker;

    @org.junit.jupiter.api.AfterAll
    void closeBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** A registration body for a new broker whose catalog has a fresh offering (names are unique across brokers). */
    Map<String, Object> brokerBody() {
        if (broker == null) {
            broker = BrokerDouble.start();
        }
        broker.catalog = BrokerDouble.catalog(Api.unique("offer"), true);
        return BrokerApiTest.body(Api.unique("broker"), broker.url());
    }

    /** A registered broker with no instances. */
    String freshBroker() {
        Map<String, Object> body = brokerBody();
        Api.check(admin().body(body).post("/v1/service-brokers"), CREATED);
        return "/v1/service-brokers/" + body.get("name");
    }

    /** A user-provided service instance of space A, bound to nothing. */
    String freshService() {
        String name = Api.unique("svc");
        Api.check(admin().body(Map.of("name", name, "credentials", Map.of())).post("/v1/spaces/" + spaceA + "/service-instances"), CREATED);
        return "/v1/spaces/" + spaceA + "/service-instances/" + name;
    }

    /** A security group bound to space A only. */
    String groupOfA;

    String freshNode() {
        if (joinToken == null) {
            joinToken = Agents.joinToken(Api.unique("pool"));
        }
        String name = Api.unique("node");
        Agents.join(joinToken, name);
        return name;
    }

    String joinToken;

    String freshApp() {
        String name = Api.unique("a");
        Api.app(spaceA, name);
        return "/v1/spaces/" + spaceA + "/apps/" + name;
    }

    String freshRoute() {
        return "/v1/spaces/" + spaceA + "/routes/" + Api.route(spaceA, Api.unique("r") + ".localhost", "app");
    }

    /** A security group with no rules (binding it changes no instance's egress). */
    String freshGroup() {
        String name = Api.unique("sg");
        Api.check(admin().body(Map.of("name", name, "rules", List.of())).post("/v1/security-groups"), CREATED);
        return name;
    }

    String freshUser() {
        String name = Api.unique("u");
        Api.check(admin().body(Map.of("username", name, "password", Api.PASSWORD, "role", "DEVELOPER")).post("/v1/users"), 201);
        return name;
    }

    String freshToken() {
        return "/v1/node-pools/" + pool + "/join-tokens/"
                + ((Number) Api.check(admin().body(Map.of()).post("/v1/node-pools/" + pool + "/join-tokens"), 201).path("id")).longValue();
    }

    static final int OK = 200;
    static final int CREATED = 201;
    static final int NO_CONTENT = 204;

    static List<Row> rows() {
        String apps = "/v1/spaces/%s/apps";
        return List.of(
                new Row("/v1/auth/login", "POST", t -> "/v1/auth/login", Map.of("username", "admin", "password", Api.ADMIN_PASSWORD), OK, OK, OK, OK),
                new Row("/v1/auth/logout", "POST", t -> "/v1/auth/logout", null, 401, NO_CONTENT, NO_CONTENT, NO_CONTENT),
                new Row("/v1/me", "GET", t -> "/v1/me", null, 401, OK, OK, OK),
                new Row("/v1/users", "POST", t -> "/v1/users", null, 401, 403, 403, CREATED),
                new Row("/v1/users", "GET", t -> "/v1/users", null, 401, 403, 403, OK),
                new Row("/v1/users/{u}", "GET", t -> "/v1/users/" + t.devA, null, 401, 403, 403, OK),
                new Row("/v1/users/{u}", "DELETE", t -> "/v1/users/" + t.freshUser(), null, 401, 403, 403, NO_CONTENT),
                new Row("/v1/spaces", "POST", t -> "/v1/spaces", null, 401, 403, 403, CREATED),
                new Row("/v1/spaces", "GET", t -> "/v1/spaces", null, 401, OK, OK, OK),
                new Row("/v1/spaces/{s}", "GET", t -> "/v1/spaces/" + t.spaceA, null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}", "DELETE", t -> {
                    String s = Api.unique("s");
                    Api.space(s);
                    return "/v1/spaces/" + s;
                }, null, 401, 403, 403, NO_CONTENT),
                new Row("/v1/spaces/{s}/members", "GET", t -> "/v1/spaces/" + t.spaceA + "/members", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/members/{u}", "PUT", t -> "/v1/spaces/" + t.spaceA + "/members/" + t.freshUser(), null, 401, 403, 403, NO_CONTENT),
                new Row("/v1/spaces/{s}/members/{u}", "DELETE", t -> {
                    String u = t.freshUser();
                    Api.check(admin().put("/v1/spaces/" + t.spaceA + "/members/" + u), NO_CONTENT);
                    return "/v1/spaces/" + t.spaceA + "/members/" + u;
                }, null, 401, 403, 403, NO_CONTENT),
                new Row("/v1/spaces/{s}/apps", "POST", t -> apps.formatted(t.spaceA), null, 401, CREATED, 404, CREATED),
                new Row("/v1/spaces/{s}/apps", "GET", t -> apps.formatted(t.spaceA), null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}", "GET", t -> apps.formatted(t.spaceA) + "/app", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}", "PATCH", AuthorizationMatrixTest::freshApp, Map.of("version", 0, "instances", 2), 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/metrics", "GET", t -> apps.formatted(t.spaceA) + "/app/metrics", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/instances", "GET", t -> apps.formatted(t.spaceA) + "/app/instances", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/processes", "GET", t -> apps.formatted(t.spaceA) + "/app/processes", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/processes/{type}", "GET", t -> apps.formatted(t.spaceA) + "/app/processes/web", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/processes/{type}", "PUT", t -> t.freshApp() + "/processes/worker",
                        Map.of("command", "./worker", "instances", 2, "memory", "128M"), 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/processes/{type}", "DELETE", t -> {
                    String app = t.freshApp();
                    Api.check(admin().body(Map.of("command", "./worker")).put(app + "/processes/worker"), OK);
                    return app + "/processes/worker";
                }, null, 401, NO_CONTENT, 404, NO_CONTENT),
                new Row("/v1/spaces/{s}/apps/{a}/start", "POST", t -> t.freshApp() + "/start", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/stop", "POST", t -> t.freshApp() + "/stop", null, 401, OK, 404, OK),
                // A fresh app was never staged: callers who may restart it learn that (409), others see no app.
                new Row("/v1/spaces/{s}/apps/{a}/restart", "POST", t -> t.freshApp() + "/restart", null, 401, 409, 404, 409),
                new Row("/v1/spaces/{s}/apps/{a}/restage", "POST", t -> t.freshApp() + "/restage", null, 401, 409, 404, 409),
                new Row("/v1/spaces/{s}/apps/{a}/env", "GET", t -> t.built + "/env", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}", "DELETE", AuthorizationMatrixTest::freshApp, null, 401, NO_CONTENT, 404, NO_CONTENT),
                new Row("/v1/spaces/{s}/apps/{a}/builds", "POST", t -> t.built + "/builds", Map.of(), 401, CREATED, 404, CREATED),
                new Row("/v1/spaces/{s}/apps/{a}/builds", "GET", t -> t.built + "/builds", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/builds/{id}", "GET", t -> t.built + "/builds/" + t.build, null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/builds/{id}/log", "GET", t -> t.built + "/builds/" + t.build + "/log", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/revisions", "GET", t -> t.built + "/revisions", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/rollback", "POST", t -> t.built + "/rollback", Map.of("version", 1), 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/packages", "POST", t -> t.built + "/packages", null, 401, CREATED, 404, CREATED),
                new Row("/v1/spaces/{s}/apps/{a}/packages/{sha256}", "PUT", t -> t.built + "/packages/" + t.sha + "?filename=index.html", null,
                        401, CREATED, 404, CREATED),
                new Row("/v1/spaces/{s}/apps/{a}/packages", "GET", t -> t.built + "/packages", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/logs", "GET", t -> t.built + "/logs", null, 401, OK, 404, OK),
                // A live stream: the success cells read only the status and hang up (see streamStatus).
                new Row("/v1/spaces/{s}/apps/{a}/logs/stream", "GET", t -> t.built + "/logs/stream", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/routes", "POST", t -> "/v1/spaces/" + t.spaceA + "/routes", null, 401, CREATED, 404, CREATED),
                new Row("/v1/spaces/{s}/routes", "GET", t -> "/v1/spaces/" + t.spaceA + "/routes", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/routes/{id}/app", "PUT", t -> t.freshRoute() + "/app", Map.of("app", "app"), 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/routes/{id}/app", "DELETE", t -> t.freshRoute() + "/app", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/routes/{id}", "DELETE", AuthorizationMatrixTest::freshRoute, null, 401, NO_CONTENT, 404, NO_CONTENT),
                new Row("/v1/spaces/{s}/events", "GET", t -> "/v1/spaces/" + t.spaceA + "/events", null, 401, OK, 404, OK),
                new Row("/v1/events", "GET", t -> "/v1/events", null, 401, 403, 403, OK),
                new Row("/v1/node-pools", "POST", t -> "/v1/node-pools", null, 401, 403, 403, CREATED),
                new Row("/v1/node-pools", "GET", t -> "/v1/node-pools", null, 401, 403, 403, OK),
                new Row("/v1/node-pools/{p}", "GET", t -> "/v1/node-pools/" + t.pool, null, 401, 403, 403, OK),
                new Row("/v1/node-pools/{p}", "DELETE", t -> {
                    String p = Api.unique("p");
                    Api.pool(p);
                    return "/v1/node-pools/" + p;
                }, null, 401, 403, 403, NO_CONTENT),
                new Row("/v1/node-pools/{p}/join-tokens", "POST", t -> "/v1/node-pools/" + t.pool + "/join-tokens", Map.of(), 401, 403, 403, CREATED),
                new Row("/v1/node-pools/{p}/join-tokens", "GET", t -> "/v1/node-pools/" + t.pool + "/join-tokens", null, 401, 403, 403, OK),
                new Row("/v1/node-pools/{p}/join-tokens/{id}", "DELETE", AuthorizationMatrixTest::freshToken, null, 401, 403, 403, NO_CONTENT),
                new Row("/v1/nodes", "GET", t -> "/v1/nodes", null, 401, 403, 403, OK),
                new Row("/v1/nodes/{n}", "GET", t -> "/v1/nodes/" + t.freshNode(), null, 401, 403, 403, OK),
                new Row("/v1/nodes/{n}/cordon", "POST", t -> "/v1/nodes/" + t.freshNode() + "/cordon", null, 401, 403, 403, OK),
                new Row("/v1/nodes/{n}/drain", "POST", t -> "/v1/nodes/" + t.freshNode() + "/drain", null, 401, 403, 403, OK),
                new Row("/v1/nodes/{n}/uncordon", "POST", t -> "/v1/nodes/" + t.freshNode() + "/uncordon", null, 401, 403, 403, OK),
                new Row("/v1/nodes/{n}", "DELETE", t -> {
                    String n = t.freshNode();
                    Agents.markDown(t.dataSource, n);
                    return "/v1/nodes/" + n;
                }, null, 401, 403, 403, NO_CONTENT),
                new Row("/v1/security-groups", "POST", t -> "/v1/security-groups", null, 401, 403, 403, CREATED),
                // Developers read the groups that apply to their spaces (and platform-wide ones).
                new Row("/v1/security-groups", "GET", t -> "/v1/security-groups", null, 401, OK, OK, OK),
                new Row("/v1/security-groups/{g}", "GET", t -> "/v1/security-groups/" + t.groupOfA, null, 401, OK, 404, OK),
                new Row("/v1/security-groups/{g}", "PATCH", t -> "/v1/security-groups/" + t.freshGroup(), Map.of("rules", List.of()),
                        401, 403, 403, OK),
                new Row("/v1/security-groups/{g}", "DELETE", t -> "/v1/security-groups/" + t.freshGroup(), null, 401, 403, 403, NO_CONTENT),
                new Row("/v1/security-groups/{g}/platform", "PUT", t -> "/v1/security-groups/" + t.freshGroup() + "/platform", null,
                        401, 403, 403, OK),
                new Row("/v1/security-groups/{g}/platform", "DELETE", t -> "/v1/security-groups/" + t.freshGroup() + "/platform", null,
                        401, 403, 403, OK),
                new Row("/v1/security-groups/{g}/spaces/{s}", "PUT", t -> "/v1/security-groups/" + t.freshGroup() + "/spaces/" + t.spaceA,
                        null, 401, 403, 403, OK),
                new Row("/v1/security-groups/{g}/spaces/{s}", "DELETE", t -> "/v1/security-groups/" + t.freshGroup() + "/spaces/" + t.spaceA,
                        null, 401, 403, 403, OK),
                new Row("/v1/spaces/{s}/service-instances", "POST", t -> "/v1/spaces/" + t.spaceA + "/service-instances", null,
                        401, CREATED, 404, CREATED),
                new Row("/v1/spaces/{s}/service-instances", "GET", t -> "/v1/spaces/" + t.spaceA + "/service-instances", null,
                        401, OK, 404, OK),
                new Row("/v1/spaces/{s}/service-instances/{n}", "GET", t -> "/v1/spaces/" + t.spaceA + "/service-instances/svc", null,
                        401, OK, 404, OK),
                new Row("/v1/spaces/{s}/service-instances/{n}/credentials", "GET",
                        t -> "/v1/spaces/" + t.spaceA + "/service-instances/svc/credentials", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/service-instances/{n}", "PATCH", AuthorizationMatrixTest::freshService, Map.of("tags", List.of("x")),
                        401, OK, 404, OK),
                new Row("/v1/spaces/{s}/service-instances/{n}", "DELETE", AuthorizationMatrixTest::freshService, null,
                        401, NO_CONTENT, 404, NO_CONTENT),
                // Space A's service "svc" to a fresh app of space A (developer B sees neither).
                new Row("/v1/spaces/{s}/apps/{a}/service-bindings", "POST", t -> t.freshApp() + "/service-bindings",
                        Map.of("serviceInstance", "svc"), 401, CREATED, 404, CREATED),
                new Row("/v1/spaces/{s}/apps/{a}/service-bindings", "GET", t -> t.built + "/service-bindings", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/service-bindings/{si}", "DELETE", t -> {
                    String app = t.freshApp();
                    Api.check(admin().body(Map.of("serviceInstance", "svc")).post(app + "/service-bindings"), CREATED);
                    return app + "/service-bindings/svc";
                }, null, 401, NO_CONTENT, 404, NO_CONTENT),
                new Row("/v1/spaces/{s}/apps/{a}/tasks", "POST", t -> t.built + "/tasks", Map.of("command", "echo hi"),
                        401, CREATED, 404, CREATED),
                new Row("/v1/spaces/{s}/apps/{a}/tasks", "GET", t -> t.built + "/tasks", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/tasks/{id}", "GET", t -> t.built + "/tasks/1", null, 401, OK, 404, OK),
                new Row("/v1/spaces/{s}/apps/{a}/tasks/{id}/cancel", "POST", t -> t.freshTask() + "/cancel", null,
                        401, 202, 404, 202),
                new Row("/v1/service-brokers", "POST", t -> "/v1/service-brokers", null, 401, 403, 403, CREATED),
                new Row("/v1/service-brokers", "GET", t -> "/v1/service-brokers", null, 401, 403, 403, OK),
                new Row("/v1/service-brokers/{b}", "PUT", AuthorizationMatrixTest::freshBroker, Map.of(), 401, 403, 403, OK),
                new Row("/v1/service-brokers/{b}", "DELETE", AuthorizationMatrixTest::freshBroker, null, 401, 403, 403, NO_CONTENT),
                new Row("/v1/marketplace", "GET", t -> "/v1/marketplace", null, 401, OK, OK, OK),
                // Node-agent endpoints take a join token or a node credential, never a user's token.
                new Row("/v1/agent/join", "POST", t -> "/v1/agent/join", Agents.joinBody("matrix-node"), 401, 401, 401, 401),
                new Row("/v1/agent/heartbeat", "PUT", t -> "/v1/agent/heartbeat", Map.of(), 401, 401, 401, 401),
                new Row("/v1/agent/desired", "GET", t -> "/v1/agent/desired", null, 401, 401, 401, 401),
                new Row("/v1/agent/images/{digest}", "GET", t -> "/v1/agent/images/sha256:" + "0".repeat(64), null, 401, 401, 401, 401),
                // Routers' endpoints take the router key, never a user's token.
                new Row("/v1/routing/table", "GET", t -> "/v1/routing/table", null, 401, 401, 401, 401),
                new Row("/v1/routing/access-logs", "POST", t -> "/v1/routing/access-logs", Map.of("router", "r1", "lines", List.of()),
                        401, 401, 401, 401),
                new Row("/v1/routing/metrics", "POST", t -> "/v1/routing/metrics", Map.of("router", "r1", "apps", List.of()),
                        401, 401, 401, 401),
                new Row("/v1/routing/wake", "POST", t -> "/v1/routing/wake", Map.of("appId", 1), 401, 401, 401, 401));
    }

    Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (Row row : rows()) {
            for (Who who : Who.values()) {
                out.add(Arguments.of(row, who));
            }
        }
        return out.stream();
    }

    /** A body that creates something new, for the POST rows that create. */
    private Object bodyFor(Row row) {
        if (row.body() != null) {
            return row.body();
        }
        return switch (row.name()) {
            case "/v1/users" -> Map.of("username", Api.unique("n"), "password", Api.PASSWORD, "role", "DEVELOPER");
            case "/v1/spaces", "/v1/spaces/{s}/apps", "/v1/node-pools" -> Map.of("name", Api.unique("n"));
            case "/v1/security-groups" -> Map.of("name", Api.unique("n"), "rules", List.of());
            case "/v1/spaces/{s}/routes" -> Map.of("host", Api.unique("h") + ".localhost");
            case "/v1/spaces/{s}/service-instances" -> Map.of("name", Api.unique("n"), "credentials", Map.of("k", "v"));
            case "/v1/service-brokers" -> brokerBody();
            case "/v1/spaces/{s}/apps/{a}/packages" -> Map.of("sha256", sha, "filename", "index.html");
            case "/v1/spaces/{s}/apps/{a}/packages/{sha256}" -> bits;
            default -> null;
        };
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cells")
    void statusMatches(Row row, Who who) throws Exception {
        fixtures();
        String token = switch (who) {
            case ANONYMOUS -> null;
            case DEV_A -> Api.login(devA, Api.PASSWORD);
            case DEV_B -> Api.login(devB, Api.PASSWORD);
            case ADMIN -> Api.login("admin", Api.ADMIN_PASSWORD);
        };
        String path = row.path().apply(this);
        Object body = row.method().equals("GET") || row.method().equals("DELETE") ? null : bodyFor(row);
        int expected = row.expected()[who.ordinal()];
        if (expected >= 400) {
            Response r = refused(expected, null, () -> call(as(token), row.method(), path, body));
            if (expected == 404) {
                assertRevealsNothing(r, token, row, path, body);
            }
        } else if (row.name().endsWith("/logs/stream")) {
            assertThat(streamStatus(token, path)).as("status").isEqualTo(expected);
        } else {
            Response r = call(as(token), row.method(), path, body);
            r.then().statusCode(expected);
            if (row.name().endsWith("/builds") && row.method().equals("POST")) {
                // Let the staging worker finish before the next cell's snapshot.
                Api.awaitBuild(Api.adminToken(), built, ((Number) r.path("id")).longValue());
            }
        }
    }

    /** Each /v1 endpoint (found from the JAX-RS annotations) has exactly one row, and each row an endpoint. */
    @Test
    void theMatrixHasEveryEndpoint() {
        List<String> rows = rows().stream().map(r -> Endpoints.key(r.method(), r.name())).toList();
        assertThat(rows).as("rows").doesNotHaveDuplicates();
        assertThat(rows).as("rows vs the endpoints the resources declare")
                .containsExactlyInAnyOrderElementsOf(Endpoints.v1().stream().map(Endpoints.Endpoint::key).toList());
    }

    private static final Pattern NAMED = Pattern.compile("/(spaces|apps|security-groups)/([^/?]+)");

    /**
     * The 404 is the answer to the same request about a space or an app that does not exist:
     * the same code and, but for the name, the same message.
     */
    private void assertRevealsNothing(Response notFound, String token, Row row, String path, Object body) {
        Matcher m = NAMED.matcher(path);
        int checked = 0;
        while (m.find()) {
            String real = m.group(2);
            String ghost = Api.unique("no-such-" + m.group(1));
            String ghostPath = path.substring(0, m.start(2)) + ghost + path.substring(m.end(2));
            Response g = refused(404, "NOT_FOUND", () -> call(as(token), row.method(), ghostPath, body));
            assertThat(g.jsonPath().getString("message").replace(ghost, real)).as("the 404 for %s", ghostPath)
                    .isEqualTo(notFound.jsonPath().getString("message"));
            assertThat(notFound.jsonPath().getString("code")).isEqualTo("NOT_FOUND");
            checked++;
        }
        assertThat(checked).as("names in %s to compare with", path).isPositive();
    }

    /** The status of a server-sent event stream, read as soon as the headers arrive; then hangs up. */
    private int streamStatus(String token, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        resp.body().close();
        return resp.statusCode();
    }

    private static Response call(RequestSpecification spec, String method, String path, Object body) {
        if (body instanceof byte[] bytes) {
            return spec.contentType("application/octet-stream").body(bytes).request(method, path);
        }
        if (body != null) {
            spec = spec.body(body);
        }
        return spec.request(method, path);
    }
}
