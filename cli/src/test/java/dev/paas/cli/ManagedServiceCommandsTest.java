package dev.paas.cli;

import static dev.paas.cli.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Json;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** create-service, delete-service, services and service for instances a broker provisions. */
class ManagedServiceCommandsTest extends LoggedInCliTest {

    static final String SERVICES = "/v1/spaces/default/service-instances";

    /** A managed instance as the API shows it (contract A). */
    static String managed(String name, String op, String state, String description) {
        return """
                {"name":"%s","type":"managed","guid":"9f2e","offering":"postgresql","plan":"small","broker":"pg-broker",
                 "credentialKeys":[],"syslogDrainUrl":null,"tags":["db"],"bindings":[],
                 "lastOperation":{"type":"%s","state":"%s","description":%s,"updatedAt":"2026-11-27T09:59:00Z"},
                 "createdAt":"2026-11-27T08:00:00Z","updatedAt":"2026-11-27T08:00:00Z"}"""
                .formatted(name, op, state, description == null ? "null" : "\"" + description + "\"");
    }

    @Test
    void createSendsOfferingPlanParametersAndTagsAndSaysWhenTheBrokerIsDone() throws Exception {
        cp.on("POST", SERVICES, 201, managed("db", "create", "succeeded", null));
        Files.writeString(paas.workDir.resolve("params.json"), "{\"size\": 2}");
        Harness.Result r = paas.run("create-service", "postgresql", "small", "db", "-c", "params.json", "-t", "db, pg");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("created service instance db (postgresql, plan small) in space default; bind it with "
                + "'paas bind-service APP db'\n");
        assertThat(Json.tree(cp.requests("POST", SERVICES).get(0).body())).isEqualTo(Json.tree(
                "{\"name\":\"db\",\"offering\":\"postgresql\",\"plan\":\"small\",\"parameters\":{\"size\":2},\"tags\":[\"db\",\"pg\"]}"));
    }

    @Test
    void anAsynchronousCreateSaysItIsInProgressAsCfDoes() {
        cp.on("POST", SERVICES, 202, managed("db", "create", "in progress", null));
        Harness.Result r = paas.run("create-service", "postgresql", "small", "db");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("Create in progress. Use 'paas services' or 'paas service db' to check operation status.\n");
        assertThat(cp.requests("GET", SERVICES + "/db")).isEmpty();
    }

    @Test
    void waitFollowsTheLastOperationShowingProgressUntilItSucceeds() {
        cp.on("POST", SERVICES, 202, managed("db", "create", "in progress", null));
        cp.on("GET", SERVICES + "/db", 200, managed("db", "create", "in progress", "creating database"));
        cp.on("GET", SERVICES + "/db", 200, managed("db", "create", "in progress", "creating database"));
        cp.on("GET", SERVICES + "/db", 200, managed("db", "create", "succeeded", "done"));
        Harness.Result r = paas.run("create-service", "postgresql", "small", "db", "--wait");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("created service instance db");
        assertThat(r.err().lines().filter(l -> l.contains("waiting for the broker")))
                .containsExactly("waiting for the broker: create in progress (creating database)");
        assertThat(cp.requests("GET", SERVICES + "/db")).hasSize(3);
        Harness.Result json = paas.run("create-service", "postgresql", "small", "db", "--wait", "--json");
        assertThat(Json.tree(json.out()).path("lastOperation").path("state").asText()).isEqualTo("succeeded");
    }

    @Test
    void aFailedCreateFailsTheWaitWithTheBrokersWords() {
        cp.on("POST", SERVICES, 202, managed("db", "create", "in progress", null));
        cp.on("GET", SERVICES + "/db", 200, managed("db", "create", "failed", "quota exceeded on pg-1"));
        Harness.Result r = paas.run("create-service", "postgresql", "small", "db", "--wait");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("paas: create failed for service instance db: quota exceeded on pg-1")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badParametersAreRefusedBeforeAnythingIsSentAndTheApisRefusalsAreOneLine() {
        Harness.Result keys = paas.run("create-service", "postgresql", "small", "db", "-c", "a,b");
        assertThat(keys.code()).isEqualTo(2);
        assertThat(keys.err()).contains("-c: give the parameters as a JSON object");
        Harness.Result bad = paas.run("create-service", "postgresql", "small", "db", "-c", "{\"size\": ");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("-c is not valid JSON");
        Harness.Result array = paas.run("create-service", "postgresql", "small", "db", "-c", "{]");
        assertThat(array.code()).isEqualTo(2);
        Harness.Result missing = paas.run("create-service", "postgresql", "small");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required parameter").contains("SERVICE_INSTANCE");
        assertThat(cp.writes()).isEmpty();

        cp.error("POST", SERVICES, 400, "INVALID_FIELD", "plan: offering 'postgresql' has no plan 'huge'; its plans: small");
        Harness.Result plan = paas.run("create-service", "postgresql", "huge", "db");
        assertThat(plan.code()).isEqualTo(1);
        assertThat(plan.err()).isEqualTo("paas: plan: offering 'postgresql' has no plan 'huge'; its plans: small\n");
    }

    @Test
    void aBrokersFailureIsOneLineNamingTheBroker() {
        cp.on("POST", SERVICES, 502, "{\"code\":\"BROKER_ERROR\",\"message\":\"broker pg-broker answered 500:\\n out of disk\"}");
        Harness.Result broker = paas.run("create-service", "postgresql", "small", "db");
        assertThat(broker.code()).isEqualTo(1);
        assertThat(broker.err()).isEqualTo("paas: broker pg-broker answered 500: out of disk\n");
    }

    @Test
    void deleteOfAManagedInstanceSaysWhenTheBrokerWorksOnAndWaitFollowsItUntilGone() {
        cp.on("DELETE", SERVICES + "/db", 202, managed("db", "delete", "in progress", null));
        Harness.Result r = paas.run("delete-service", "db", "-f");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("Delete in progress. Use 'paas services' or 'paas service db' to check operation status.\n");

        cp.on("GET", SERVICES + "/db", 200, managed("db", "delete", "in progress", "dropping database"));
        cp.error("GET", SERVICES + "/db", 404, "NOT_FOUND", "service instance 'db' in space 'default' not found");
        Harness.Result w = paas.run("delete-service", "db", "-f", "--wait");
        assertThat(w.code()).as(w.err()).isZero();
        assertThat(w.out()).isEqualTo("deleted service instance db\n");
        assertThat(w.err()).contains("waiting for the broker: delete in progress (dropping database)");
    }

    @Test
    void aFailedDeleteFailsTheWait() {
        cp.on("DELETE", SERVICES + "/db", 202, managed("db", "delete", "in progress", null));
        cp.on("GET", SERVICES + "/db", 200, managed("db", "delete", "failed", "database in use"));
        Harness.Result w = paas.run("delete-service", "db", "-f", "--wait");
        assertThat(w.code()).isEqualTo(1);
        assertThat(w.err()).contains("delete failed for service instance db: database in use");
    }

    @Test
    void servicesAndServiceShowOfferingPlanAndLastOperation() {
        cp.on("GET", SERVICES, 200, page(managed("db", "create", "in progress", null), ServiceCommandsTest.service("ups", "")));
        assertThat(paas.run("services").out()).isEqualTo("""
                name  offering       plan   bound apps  last operation      broker
                db    postgresql     small              create in progress  pg-broker
                ups   user-provided
                """);
        cp.on("GET", SERVICES + "/db", 200, managed("db", "create", "failed", "quota exceeded"));
        String show = paas.run("service", "db").out();
        assertThat(show).contains("type:             managed").contains("offering:         postgresql")
                .contains("plan:             small").contains("broker:           pg-broker")
                .contains("last operation:   create failed (quota exceeded)").doesNotContain("credential keys");
        Harness.Result params = paas.run("service", "db", "--params");
        assertThat(params.code()).isZero();
        assertThat(params.err()).contains("made per binding").contains("paas env APP");
        assertThat(cp.requests("GET", SERVICES + "/db/credentials")).isEmpty();
    }

    @Test
    void bindPassesParametersFromAFile() throws Exception {
        String bindings = "/v1/spaces/default/apps/hello/service-bindings";
        cp.on("POST", bindings, 201, ServiceCommandsTest.BOUND);
        Files.writeString(paas.workDir.resolve("bind.json"), "{\"role\": \"ro\"}");
        assertThat(paas.run("bind-service", "hello", "db", "-c", "bind.json").code()).isZero();
        assertThat(Json.tree(cp.requests("POST", bindings).get(0).body())).isEqualTo(
                Json.tree("{\"serviceInstance\":\"db\",\"parameters\":{\"role\":\"ro\"}}"));
    }
}
