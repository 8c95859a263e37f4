package dev.paas.cli;

import static dev.paas.cli.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Json;
import org.junit.jupiter.api.Test;

/** Service brokers and the marketplace, as cf v8 shows them. */
class BrokerCommandsTest extends LoggedInCliTest {

    static final String BROKERS = "/v1/service-brokers";
    static final String BROKER = """
            {"name":"pg","url":"http://127.0.0.1:8930","username":"admin","offerings":["postgresql"],
             "createdAt":"2026-11-27T08:00:00Z"}""";
    static final String OFFERING = """
            {"offering":"postgresql","description":"PostgreSQL databases","broker":"pg","tags":["postgresql","relational"],
             "bindable":true,"plans":[{"name":"small","description":"one database, 1 GB","free":true},
             {"name":"large","description":"one database, 20 GB","free":false}]}""";

    @Test
    void createSendsTheFourArgumentsAndNeverPrintsThePassword() {
        cp.on("POST", BROKERS, 201, BROKER);
        Harness.Result r = paas.run("create-service-broker", "pg", "admin", "s3cret", "http://127.0.0.1:8930");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("created service broker pg with offerings: postgresql; 'paas marketplace' lists them\n");
        assertThat(r.out() + r.err()).doesNotContain("s3cret");
        assertThat(Json.tree(cp.requests("POST", BROKERS).get(0).body())).isEqualTo(Json.tree(
                "{\"name\":\"pg\",\"url\":\"http://127.0.0.1:8930\",\"username\":\"admin\",\"password\":\"s3cret\"}"));
    }

    @Test
    void withoutThePasswordItComesFromTheEnvironmentOrThePrompt() {
        cp.on("POST", BROKERS, 201, BROKER);
        paas.env.put(BrokerCommands.PASSWORD_ENV, "from-env");
        assertThat(paas.run("create-service-broker", "pg", "admin", "http://127.0.0.1:8930").code()).isZero();
        assertThat(Json.tree(cp.requests("POST", BROKERS).get(0).body()).get("password").asText()).isEqualTo("from-env");
        paas.env.remove(BrokerCommands.PASSWORD_ENV);
        paas.stdin = "typed\n";
        Harness.Result prompted = paas.run("create-service-broker", "pg", "admin", "http://127.0.0.1:8930");
        assertThat(prompted.err()).contains("password for broker pg: ");
        assertThat(Json.tree(cp.requests("POST", BROKERS).get(1).body()).get("password").asText()).isEqualTo("typed");
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsSent() {
        paas.stdin = "";
        Harness.Result none = paas.run("create-service-broker", "pg", "admin", "http://127.0.0.1:8930");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("a password is needed");
        for (String url : new String[] {"127.0.0.1:8930", "ftp://broker.example", "http://", "http://bad host"}) {
            Harness.Result bad = paas.run("create-service-broker", "pg", "admin", "pw", url);
            assertThat(bad.code()).as(url).isEqualTo(2);
            assertThat(bad.err()).as(url).contains("URL: '" + url + "' is not an http:// or https:// URL");
        }
        Harness.Result few = paas.run("create-service-broker", "pg", "admin");
        assertThat(few.code()).isEqualTo(2);
        Harness.Result many = paas.run("create-service-broker", "pg", "admin", "pw", "http://a", "extra");
        assertThat(many.code()).isEqualTo(2);
        assertThat(cp.writes()).isEmpty();
    }

    @Test
    void theApisRefusalsPassThroughInOneLine() {
        cp.error("POST", BROKERS, 409, "ALREADY_EXISTS", "name: a service broker named 'pg' exists");
        Harness.Result taken = paas.run("create-service-broker", "pg", "admin", "pw", "http://127.0.0.1:8930");
        assertThat(taken.code()).isEqualTo(1);
        assertThat(taken.err()).isEqualTo("paas: name: a service broker named 'pg' exists\n");
        cp.error("PUT", BROKERS + "/pg", 502, "BROKER_ERROR", "broker pg: GET http://127.0.0.1:8930/v2/catalog: connection refused");
        Harness.Result down = paas.run("update-service-broker", "pg", "admin", "pw", "http://127.0.0.1:8930");
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err()).contains("connection refused");
        cp.error("GET", BROKERS, 403, "FORBIDDEN", "only admins manage service brokers");
        assertThat(paas.run("service-brokers").err()).isEqualTo("paas: only admins manage service brokers\n");
    }

    @Test
    void updateSendsUrlAndCredentialsToTheBrokersPath() {
        cp.on("PUT", BROKERS + "/pg", 200, BROKER);
        Harness.Result r = paas.run("update-service-broker", "pg", "admin", "n3w", "https://pg.example");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("updated service broker pg; offerings now: postgresql\n");
        assertThat(Json.tree(cp.requests("PUT", BROKERS + "/pg").get(0).body())).isEqualTo(Json.tree(
                "{\"url\":\"https://pg.example\",\"username\":\"admin\",\"password\":\"n3w\"}"));
    }

    @Test
    void deleteAsksAndSaysWhatHappened() {
        Harness.Result no = paas.run("delete-service-broker", "pg");
        assertThat(no.code()).isEqualTo(1);
        assertThat(no.err()).contains("not deleted");
        cp.on("DELETE", BROKERS + "/pg", 204, null);
        paas.stdin = "y\n";
        assertThat(paas.run("delete-service-broker", "pg").out()).isEqualTo("deleted service broker pg\n");
        cp.error("DELETE", BROKERS + "/gone", 404, "NOT_FOUND", "service broker 'gone' not found");
        assertThat(paas.run("delete-service-broker", "gone", "-f").out()).isEqualTo("service broker gone did not exist\n");
        cp.error("DELETE", BROKERS + "/busy", 409, "CONFLICT", "service broker 'busy' has service instances: db; delete them first");
        Harness.Result busy = paas.run("delete-service-broker", "busy", "-f");
        assertThat(busy.code()).isEqualTo(1);
        assertThat(busy.err()).contains("delete them first");
    }

    @Test
    void serviceBrokersListsNameUrlAndOfferings() {
        cp.on("GET", BROKERS, 200, page(BROKER));
        assertThat(paas.run("service-brokers").out()).isEqualTo("""
                name  url                    offerings
                pg    http://127.0.0.1:8930  postgresql
                """);
        assertThat(Json.tree(paas.run("service-brokers", "--json").out()).at("/items/0/name").asText()).isEqualTo("pg");
    }

    @Test
    void marketplaceListsOfferingsAndWithEThePlans() {
        cp.on("GET", "/v1/marketplace", 200, "{\"items\":[" + OFFERING + "]}");
        assertThat(paas.run("marketplace").out()).isEqualTo("""
                offering    plans         description           broker
                postgresql  small, large  PostgreSQL databases  pg
                """);
        Harness.Result e = paas.run("marketplace", "-e", "postgresql");
        assertThat(e.out()).contains("offering:    postgresql").contains("broker:      pg").contains("""
                plan   description          free or paid
                small  one database, 1 GB   free
                large  one database, 20 GB  paid
                """);
        assertThat(cp.requests("GET", "/v1/marketplace").get(1).query()).isEqualTo("offering=postgresql");
        assertThat(Json.tree(paas.run("marketplace", "--json").out()).has("items")).isTrue();
    }

    @Test
    void anUnknownOfferingIsTheApisMessage() {
        cp.error("GET", "/v1/marketplace", 404, "NOT_FOUND", "offering: no service offering 'nope' in the marketplace");
        Harness.Result unknown = paas.run("marketplace", "-e", "nope");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("paas: offering: no service offering 'nope' in the marketplace\n");
    }

    @Test
    void anEmptyMarketplaceSaysHowOneIsFilled() {
        cp.on("GET", "/v1/marketplace", 200, "{\"items\":[]}");
        assertThat(paas.run("marketplace").out()).contains("no service offerings").contains("create-service-broker");
    }
}
