package dev.paas.pgbroker.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.pgbroker.api.BrokerConfig;
import dev.paas.pgbroker.core.Catalog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker over real HTTP against a real PostgreSQL (zonky's embedded server): the whole life
 * of an instance and its bindings with the credentials really used, the spec's idempotency
 * answers, and every bad input refused with an OSB error and nothing created.
 */
class BrokerServerTest {

    static final String PASSWORD = "broker-secret-1";
    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedPostgres pg;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    BrokerServer server;

    @BeforeAll
    static void postgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        try (Connection c = superuser("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE paas_broker LOGIN CREATEDB CREATEROLE PASSWORD 'admin-pw'");
            st.execute("CREATE DATABASE paas_broker OWNER paas_broker");
            st.execute("CREATE ROLE weak LOGIN CREATEDB PASSWORD 'weak-pw'");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @BeforeEach
    void start() throws Exception {
        server = BrokerServer.start(config("paas_broker", "admin-pw"));
    }

    @AfterEach
    void close() {
        server.close();
    }

    static BrokerConfig config(String user, String password) {
        // The app-facing host differs from where the broker connects (127.0.0.1), as on ./paas up.
        return BrokerConfig.validated("127.0.0.1", 0, "paas", PASSWORD, "127.0.0.1", pg.getPort(), "paas_broker", user,
                password, "localhost", null, "paas_service_users");
    }

    @Test
    void theCatalogOffersPostgresqlWithPlanSmall() throws Exception {
        HttpResponse<String> r = call("GET", "/v2/catalog", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode s = JSON.readTree(r.body()).get("services").get(0);
        assertThat(s.get("name").asText()).isEqualTo("postgresql");
        assertThat(s.get("id").asText()).isEqualTo(Catalog.SERVICE_ID);
        assertThat(s.get("tags").toString()).isEqualTo("[\"postgresql\",\"relational\"]");
        assertThat(s.get("bindable").asBoolean()).isTrue();
        assertThat(s.get("plans").get(0).get("name").asText()).isEqualTo("small");
        assertThat(s.get("plans").get(0).get("free").asBoolean()).isTrue();
    }

    @Test
    void provisionBindUseUnbindDeprovision() throws Exception {
        String id = "inst-" + System.nanoTime();
        assertThat(call("PUT", "/v2/service_instances/" + id, provision()).statusCode()).isEqualTo(201);
        assertThat(call("PUT", "/v2/service_instances/" + id, provision()).statusCode()).as("identical again").isEqualTo(200);
        assertThat(call("GET", "/v2/service_instances/" + id + "/last_operation", null).body()).contains("succeeded");
        String db = single("SELECT database FROM paas_broker.instances WHERE instance_id = '" + id + "'", "paas_broker");
        assertThat(single("SELECT datacl::text FROM pg_database WHERE datname = '" + db + "'", "postgres"))
                .as("PUBLIC may not connect").doesNotContain("=c/").doesNotContain("=Tc/");

        HttpResponse<String> bound = call("PUT", "/v2/service_instances/" + id + "/service_bindings/b1", bind("app-1"));
        assertThat(bound.statusCode()).isEqualTo(201);
        JsonNode creds = JSON.readTree(bound.body()).get("credentials");
        assertThat(creds.get("host").asText()).isEqualTo("localhost");
        assertThat(creds.get("port").asInt()).isEqualTo(pg.getPort());
        assertThat(creds.get("name").asText()).isEqualTo(db);
        String user = creds.get("username").asText();
        String password = creds.get("password").asText();
        assertThat(password).hasSize(32);
        assertThat(creds.get("uri").asText()).isEqualTo("postgres://" + user + ":" + password + "@localhost:" + pg.getPort() + "/" + db);
        assertThat(creds.get("jdbcUrl").asText()).isEqualTo("jdbc:postgresql://localhost:" + pg.getPort() + "/" + db
                + "?user=" + user + "&password=" + password);
        assertThat(single("SELECT rolsuper::text || rolcreatedb::text || rolcreaterole::text FROM pg_roles WHERE rolname = '"
                + user + "'", "postgres")).isEqualTo("falsefalsefalse");
        assertThat(single("SELECT pg_has_role('" + user + "', 'paas_service_users', 'MEMBER')::text", "postgres")).isEqualTo("true");

        HttpResponse<String> again = call("PUT", "/v2/service_instances/" + id + "/service_bindings/b1", bind("app-1"));
        assertThat(again.statusCode()).as("identical again").isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("credentials")).isEqualTo(creds);
        assertThat(call("PUT", "/v2/service_instances/" + id + "/service_bindings/b1", bind("app-2")).statusCode())
                .as("same id, other app").isEqualTo(409);

        Connection app = DriverManager.getConnection(creds.get("jdbcUrl").asText());
        try (Statement st = app.createStatement()) {
            st.execute("CREATE TABLE notes (v text)");
            st.execute("INSERT INTO notes VALUES ('written through the binding')");
            try (ResultSet rs = st.executeQuery("SELECT v FROM notes")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("written through the binding");
            }
        }
        // A second binding (another app) reads what the first wrote: tables belong to the instance.
        JsonNode other = JSON.readTree(call("PUT", "/v2/service_instances/" + id + "/service_bindings/b2", bind("app-2")).body())
                .get("credentials");
        try (Connection c2 = DriverManager.getConnection(other.get("jdbcUrl").asText()); Statement st = c2.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM notes")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }

        // A restart of the broker loses nothing: its state is in the server.
        server.close();
        server = BrokerServer.start(config("paas_broker", "admin-pw"));
        assertThat(JSON.readTree(call("PUT", "/v2/service_instances/" + id + "/service_bindings/b1", bind("app-1")).body())
                .get("credentials")).isEqualTo(creds);

        assertThat(call("DELETE", "/v2/service_instances/" + id + "/service_bindings/b1" + ids(), null).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> app.createStatement().executeQuery("SELECT 1")).as("its session was ended")
                .isInstanceOf(SQLException.class);
        app.close();
        assertThatThrownBy(() -> DriverManager.getConnection(creds.get("jdbcUrl").asText())).isInstanceOf(SQLException.class);
        assertThat(single("SELECT count(*) FROM pg_roles WHERE rolname = '" + user + "'", "postgres")).isEqualTo("0");
        assertThat(call("DELETE", "/v2/service_instances/" + id + "/service_bindings/b1" + ids(), null).statusCode())
                .as("already gone").isEqualTo(410);

        assertThat(call("DELETE", "/v2/service_instances/" + id + ids(), null).statusCode()).isEqualTo(200);
        assertThat(single("SELECT count(*) FROM pg_database WHERE datname = '" + db + "'", "postgres")).isEqualTo("0");
        assertThat(single("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'ps%' AND rolname IN ('" + db + "', '"
                + other.get("username").asText() + "')", "postgres")).isEqualTo("0");
        assertThat(call("DELETE", "/v2/service_instances/" + id + ids(), null).statusCode()).isEqualTo(410);
        assertThat(call("GET", "/v2/service_instances/" + id + "/last_operation", null).statusCode()).isEqualTo(410);
    }

    @Test
    void aRequestWithoutTheRightHeaderOrPasswordIsRefused() throws Exception {
        HttpResponse<String> noVersion = send(HttpRequest.newBuilder(uri("/v2/catalog")).header("Authorization", auth(PASSWORD)).GET());
        assertThat(noVersion.statusCode()).isEqualTo(412);
        assertThat(noVersion.body()).contains("X-Broker-API-Version");
        assertThat(send(HttpRequest.newBuilder(uri("/v2/catalog")).header("Authorization", auth(PASSWORD))
                .header("X-Broker-API-Version", "3.0").GET()).statusCode()).isEqualTo(412);
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/v2/service_instances/x1"))
                .header("Authorization", auth("wrong-password")).header("X-Broker-API-Version", "2.17")
                .PUT(HttpRequest.BodyPublishers.ofString(provision())));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(send(HttpRequest.newBuilder(uri("/v2/catalog")).header("X-Broker-API-Version", "2.17").GET()).statusCode())
                .isEqualTo(401);
        assertNothingMade();
    }

    @Test
    void everyBadInputIsAClearOsbErrorAndMakesNothing() throws Exception {
        record Case(String method, String path, String body, int status, String says) {
        }
        String svc = Catalog.SERVICE_ID;
        String plan = Catalog.PLAN_ID;
        for (Case c : List.of(
                new Case("PUT", "/v2/service_instances/i1", "{not json", 400, "not valid JSON"),
                new Case("PUT", "/v2/service_instances/i1", "", 400, "body is empty"),
                new Case("PUT", "/v2/service_instances/i1", "[]", 400, "JSON object"),
                new Case("PUT", "/v2/service_instances/i1", "{\"plan_id\":\"" + plan + "\"}", 400, "service_id is required"),
                new Case("PUT", "/v2/service_instances/i1", "{\"service_id\":\"" + svc + "\",\"plan_id\":\"large\"}", 400, "plan_id large"),
                new Case("PUT", "/v2/service_instances/i1", "{\"service_id\":\"mysql\",\"plan_id\":\"" + plan + "\"}", 400, "service_id mysql"),
                new Case("PUT", "/v2/service_instances/i1", "{\"service_id\":\"" + svc + "\",\"plan_id\":\"" + plan
                        + "\",\"parameters\":{\"size\":\"10G\"}}", 422, "parameters"),
                new Case("PUT", "/v2/service_instances/i1", "{\"service_id\":\"" + svc + "\",\"plan_id\":\"" + plan
                        + "\",\"space_guid\":7}", 400, "space_guid"),
                new Case("PUT", "/v2/service_instances/bad%20id", provision(), 400, "instance_id"),
                new Case("PUT", "/v2/service_instances/nope/service_bindings/b1", bind("a"), 404, "does not exist"),
                new Case("PUT", "/v2/service_instances/nope/service_bindings/b1", "{\"service_id\":\"" + svc + "\"}", 400, "plan_id"),
                new Case("DELETE", "/v2/service_instances/i1?service_id=" + svc, null, 400, "plan_id"),
                new Case("DELETE", "/v2/service_instances/i1/service_bindings/b1", null, 400, "service_id"),
                new Case("PATCH", "/v2/service_instances/i1", provision(), 405, "PUT, DELETE"),
                new Case("GET", "/v2/nothing", null, 404, "no such endpoint"))) {
            HttpResponse<String> r = call(c.method(), c.path(), c.body());
            assertThat(r.statusCode()).as(c.toString()).isEqualTo(c.status());
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("description").asText()).as(c.toString()).contains(c.says());
            assertThat(body.get("error").asText()).as(c.toString()).matches("[A-Z][A-Za-z]+");
        }
        assertNothingMade();
    }

    @Test
    void aSecondOperationOnTheSameInstanceMeanwhileIsAConcurrencyError() throws Exception {
        try (Connection c = superuser("paas_broker"); Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(hashtext('paas-pg-broker'), hashtext('busy'))");
            HttpResponse<String> r = call("PUT", "/v2/service_instances/busy", provision());
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("ConcurrencyError");
        }
        assertNothingMade();
    }

    @Test
    void aSuperuserOrARoleWithoutCreateroleIsRefused() {
        assertThatThrownBy(() -> BrokerServer.start(config("postgres", "any"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("superuser");
        assertThatThrownBy(() -> BrokerServer.start(config("weak", "weak-pw"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CREATEROLE");
    }

    @Test
    void healthNeedsNoCredentials() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/health")).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("UP");
    }

    private static void assertNothingMade() throws SQLException {
        assertThat(single("SELECT count(*) FROM pg_database WHERE datname LIKE 'psi\\_%'", "postgres")).isEqualTo("0");
        assertThat(single("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'ps_\\_%'", "postgres")).isEqualTo("0");
        assertThat(single("SELECT (SELECT count(*) FROM paas_broker.instances) + (SELECT count(*) FROM paas_broker.bindings)",
                "paas_broker")).isEqualTo("0");
    }

    static String provision() {
        return "{\"service_id\":\"" + Catalog.SERVICE_ID + "\",\"plan_id\":\"" + Catalog.PLAN_ID
                + "\",\"organization_guid\":\"org\",\"space_guid\":\"space\",\"context\":{\"platform\":\"paas\"}}";
    }

    static String bind(String app) {
        return "{\"service_id\":\"" + Catalog.SERVICE_ID + "\",\"plan_id\":\"" + Catalog.PLAN_ID
                + "\",\"bind_resource\":{\"app_guid\":\"" + app + "\"}}";
    }

    static String ids() {
        return "?service_id=" + Catalog.SERVICE_ID + "&plan_id=" + Catalog.PLAN_ID;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static String auth(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("paas:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", auth(PASSWORD))
                .header("X-Broker-API-Version", "2.17").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Connection superuser(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + db + "?user=postgres");
    }

    static String single(String sql, String db) throws SQLException {
        try (Connection c = superuser(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
