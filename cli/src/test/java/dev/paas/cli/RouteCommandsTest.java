package dev.paas.cli;

import static dev.paas.cli.Fixtures.page;
import static dev.paas.cli.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Json;
import org.junit.jupiter.api.Test;

/** {@code delete-route} and {@code delete-orphaned-routes}, spelled and flagged as cf's. */
class RouteCommandsTest extends LoggedInCliTest {

    static final String ROUTES = "/v1/spaces/default/routes";

    /** hello.localhost leads to hello; shop.localhost/api and old.localhost to nothing. */
    void threeRoutes() {
        cp.on("GET", ROUTES, 200, page(route(5, "hello.localhost", "", "hello"), route(6, "shop.localhost", "/api", null),
                route(7, "old.localhost", "", null)));
        cp.on("DELETE", ROUTES + "/5", 204, "");
        cp.on("DELETE", ROUTES + "/6", 204, "");
        cp.on("DELETE", ROUTES + "/7", 204, "");
    }

    @Test
    void deleteRouteAsksFirstAndDeletesTheOneNamed() {
        threeRoutes();
        paas.stdin = "n\n";
        Harness.Result no = paas.run("delete-route", "Hello.localhost");
        assertThat(no.code()).isEqualTo(1);
        assertThat(no.err()).isEqualTo("Really delete the route hello.localhost (it leads to hello)? [y/N] "
                + "paas: not deleted (answer y, or pass -f)\n");
        assertThat(cp.writes()).isEmpty();

        paas.stdin = "y\n";
        Harness.Result yes = paas.run("delete-route", "shop.localhost", "--path", "/api");
        assertThat(yes.code()).as(yes.err()).isZero();
        assertThat(yes.out()).isEqualTo("deleted route shop.localhost/api\n");
        assertThat(cp.requests("DELETE", ROUTES + "/6")).hasSize(1);
        assertThat(cp.requests("DELETE", ROUTES + "/5")).isEmpty();
    }

    @Test
    void deleteRouteWithForceDoesNotAskAndAMissingRouteIsNoError() {
        threeRoutes();
        Harness.Result r = paas.run("delete-route", "hello.localhost", "-f", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Json.tree(r.out()).get("deleted").get(0).get("id").asLong()).isEqualTo(5);
        assertThat(cp.requests("DELETE", ROUTES + "/5")).hasSize(1);

        Harness.Result missing = paas.run("delete-route", "nope.localhost", "-f");
        assertThat(missing.code()).isZero();
        assertThat(missing.out()).isEqualTo("route nope.localhost does not exist in space default; nothing to delete\n");
        assertThat(cp.writes()).hasSize(1);
    }

    @Test
    void deleteRouteChecksTheHostLocally() {
        Harness.Result r = paas.run("delete-route", "nodomain", "-f");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("paas: route: 'nodomain' needs a domain, e.g. nodomain.localhost\n");
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void deleteOrphanedRoutesDeletesOnlyUnmappedOnesAfterAsking() {
        threeRoutes();
        paas.stdin = "n\n";
        Harness.Result no = paas.run("delete-orphaned-routes");
        assertThat(no.code()).isEqualTo(1);
        assertThat(no.err()).startsWith("Really delete 2 unmapped routes in space default (shop.localhost/api, old.localhost)?");
        assertThat(cp.writes()).isEmpty();

        Harness.Result r = paas.run("delete-orphaned-routes", "-f");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("deleted route shop.localhost/api\ndeleted route old.localhost\n");
        assertThat(cp.requests("DELETE", ROUTES + "/5")).isEmpty();
        assertThat(cp.requests("DELETE", ROUTES + "/6")).hasSize(1);
        assertThat(cp.requests("DELETE", ROUTES + "/7")).hasSize(1);
    }

    @Test
    void deleteOrphanedRoutesWithNoneAndAsJson() {
        cp.on("GET", ROUTES, 200, page(route(5, "hello.localhost", "", "hello")));
        Harness.Result r = paas.run("delete-orphaned-routes", "-f");
        assertThat(r.out()).isEqualTo("no unmapped routes in space default\n");
        Harness.Result json = paas.run("delete-orphaned-routes", "-f", "--json");
        assertThat(Json.tree(json.out()).get("deleted")).isEmpty();
        assertThat(cp.writes()).isEmpty();
    }
}
