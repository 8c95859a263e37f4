package dev.paas.api.rest;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Small helpers for API tests: log in, make users, spaces, apps and routes as the admin, and follow builds. */
public final class Api {

    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final String PASSWORD = "correct-horse-battery";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static String adminToken;

    private Api() {
    }

    /** A name no other test uses, e.g. {@code app-7-k3}. */
    public static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 46656, 36);
    }

    public static synchronized String adminToken() {
        if (adminToken == null) {
            adminToken = login("admin", ADMIN_PASSWORD);
        }
        return adminToken;
    }

    public static String login(String user, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", user, "password", password))
                .post("/v1/auth/login").then().statusCode(200).extract().path("token");
    }

    public static RequestSpecification as(String token) {
        RequestSpecification spec = given().contentType(ContentType.JSON);
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification admin() {
        return as(adminToken());
    }

    public static Response check(Response r, int status) {
        r.then().statusCode(status);
        return r;
    }

    /** Creates a developer and returns its token. */
    public static String developer(String username) {
        check(admin().body(Map.of("username", username, "password", PASSWORD, "role", "DEVELOPER")).post("/v1/users"), 201);
        return login(username, PASSWORD);
    }

    public static void space(String name, String... members) {
        check(admin().body(Map.of("name", name)).post("/v1/spaces"), 201);
        for (String m : members) {
            check(admin().put("/v1/spaces/" + name + "/members/" + m), 204);
        }
    }

    public static void app(String space, String name) {
        check(admin().body(Map.of("name", name)).post("/v1/spaces/" + space + "/apps"), 201);
    }

    public static long route(String space, String host, String app) {
        Map<String, Object> body = app == null ? Map.of("host", host) : Map.of("host", host, "app", app);
        return ((Number) check(admin().body(body).post("/v1/spaces/" + space + "/routes"), 201).path("id")).longValue();
    }

    /**
     * Polls the build until it is no longer STAGING (at most 20 s) and returns it. Tests that queue
     * a build wait for it, so that the staging worker writes nothing behind a later test's back.
     */
    public static Response awaitBuild(String token, String appPath, long id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Response r = check(as(token).get(appPath + "/builds/" + id), 200);
            if (!"STAGING".equals(r.path("state"))) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("build " + id + " of " + appPath + " still STAGING after 20 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for build " + id, e);
            }
        }
    }

    public static void pool(String name) {
        check(admin().body(Map.of("name", name)).post("/v1/node-pools"), 201);
    }
}
