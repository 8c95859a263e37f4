package dev.paas.cli;

import static dev.paas.cli.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Json;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ServiceCommandsTest extends LoggedInCliTest {

    static final String SERVICES = "/v1/spaces/default/service-instances";
    static final String BINDINGS = "/v1/spaces/default/apps/hello/service-bindings";

    static String service(String name, String bindings) {
        return """
                {"name":"%s","type":"user-provided","guid":"0c1d","credentialKeys":["password","username"],
                 "syslogDrainUrl":"syslog://logs.example:514","tags":["db","pg"],"bindings":[%s],
                 "createdAt":"2026-11-27T08:00:00Z","updatedAt":"2026-11-27T08:00:00Z"}""".formatted(name, bindings);
    }

    static final String BOUND = "{\"app\":\"hello\",\"serviceInstance\":\"db\",\"bindingName\":\"primary\",\"guid\":\"b1\","
            + "\"createdAt\":\"2026-11-27T08:00:00Z\"}";

    @Test
    void cupsSendsInlineJsonOrAFileWithTagsAndDrain() throws Exception {
        cp.on("POST", SERVICES, 201, service("db", ""));
        Harness.Result r = paas.run("cups", "db", "-p", "{\"username\":\"admin\",\"password\":\"s3cret\"}", "-t", "db, pg",
                "-l", "syslog://logs.example:514");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("created user-provided service db in space default");
        assertThat(Json.tree(cp.requests("POST", SERVICES).get(0).body())).isEqualTo(Json.tree(
                "{\"name\":\"db\",\"credentials\":{\"username\":\"admin\",\"password\":\"s3cret\"},"
                        + "\"syslogDrainUrl\":\"syslog://logs.example:514\",\"tags\":[\"db\",\"pg\"]}"));
        Files.writeString(paas.workDir.resolve("creds.json"), "{\"uri\": \"postgres://x\"}");
        assertThat(paas.run("create-user-provided-service", "db2", "-p", "creds.json").code()).isZero();
        assertThat(Json.tree(cp.requests("POST", SERVICES).get(1).body()).get("credentials").get("uri").asText()).isEqualTo("postgres://x");
    }

    @Test
    void keyNamesNeedATerminalAndBadInputIsRefusedBeforeAnythingIsSent() {
        Harness.Result keys = paas.run("cups", "db", "-p", "username, password");
        assertThat(keys.code()).isEqualTo(2);
        assertThat(keys.err()).contains("-p username, password: key names are asked for on a terminal").contains("JSON");
        Harness.Result bad = paas.run("cups", "db", "-p", "{\"a\": ");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("-p is not valid JSON");
        Harness.Result route = paas.run("cups", "db", "-r", "https://proxy.example");
        assertThat(route.code()).isEqualTo(2);
        assertThat(route.err()).contains("route services are not supported");
        assertThat(cp.writes()).isEmpty();
    }

    @Test
    void uupsSendsOnlyWhatIsGivenAndNothingWithoutFlags() {
        assertThat(paas.run("uups", "db").out()).contains("no flags specified; no changes were made");
        cp.on("PATCH", SERVICES + "/db", 200, service("db", BOUND));
        Harness.Result r = paas.run("uups", "db", "-l", "");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("paas restart hello");
        assertThat(cp.writes()).hasSize(1);
        assertThat(cp.writes().get(0).body()).isEqualTo("{\"syslogDrainUrl\":\"\"}");
    }

    @Test
    void servicesAndServiceShowKeysNotValuesUnlessAsked() {
        cp.on("GET", SERVICES, 200, page(service("db", BOUND), service("spare", "")));
        assertThat(paas.run("services").out()).isEqualTo("""
                name   offering       plan  bound apps  last operation  broker
                db     user-provided        hello
                spare  user-provided
                """);
        cp.on("GET", SERVICES + "/db", 200, service("db", BOUND));
        Harness.Result show = paas.run("service", "db");
        assertThat(show.out()).contains("type:             user-provided").contains("credential keys:  password, username")
                .contains("hello").contains("primary").doesNotContain("s3cret");
        cp.on("GET", SERVICES + "/db/credentials", 200, "{\"name\":\"db\",\"credentials\":{\"password\":\"s3cret\"}}");
        assertThat(paas.run("service", "db", "--params").out()).contains("credentials:      {\"password\":\"s3cret\"}");
    }

    @Test
    void bindAndUnbindSayARestartAppliesThem() {
        cp.on("POST", BINDINGS, 201, BOUND);
        Harness.Result r = paas.run("bind-service", "hello", "db", "--binding-name", "primary");
        assertThat(r.out()).isEqualTo("bound service db to app hello\n");
        assertThat(r.err()).contains("use 'paas restart hello' to ensure your env variable changes take effect");
        assertThat(Json.tree(cp.requests("POST", BINDINGS).get(0).body())).isEqualTo(
                Json.tree("{\"serviceInstance\":\"db\",\"bindingName\":\"primary\"}"));
        cp.error("POST", BINDINGS, 409, "ALREADY_EXISTS", "serviceInstance: app 'hello' is already bound to service instance 'db'");
        cp.on("POST", BINDINGS, 409, "{\"code\":\"ALREADY_EXISTS\",\"message\":\"x\"}");
        Harness.Result again = new Harness(tmp).loggedIn(cp.url()).run("bind-service", "hello", "db");
        assertThat(again.code()).isZero();
        cp.on("DELETE", BINDINGS + "/db", 204, null);
        Harness.Result u = paas.run("unbind-service", "hello", "db");
        assertThat(u.out()).isEqualTo("unbound service db from app hello\n");
        assertThat(u.err()).contains("paas restart hello");
        cp.error("DELETE", BINDINGS + "/gone", 404, "NOT_FOUND", "binding between service instance 'gone' and app 'hello' not found");
        assertThat(paas.run("unbind-service", "hello", "gone").out()).contains("did not exist");
        Harness.Result c = paas.run("bind-service", "hello", "db", "-c", "a,b");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err()).contains("-c: give the parameters as a JSON object");
    }

    @Test
    void deleteServiceIsRefusedWhileBoundSayingToUnbind() {
        cp.error("DELETE", SERVICES + "/db", 409, "CONFLICT",
                "service instance 'db' is bound to app(s) hello; unbind it first (paas unbind-service hello db)");
        Harness.Result r = paas.run("delete-service", "db", "-f");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unbind it first");
        Harness.Result no = paas.run("delete-service", "db");
        assertThat(no.code()).isEqualTo(1);
        assertThat(no.err()).contains("not deleted");
        cp.error("DELETE", SERVICES + "/gone", 404, "NOT_FOUND", "service instance 'gone' in space 'default' not found");
        assertThat(paas.run("delete-service", "gone", "-f").out()).contains("service instance gone did not exist");
    }
}
