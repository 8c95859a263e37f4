package dev.paas.scheduler.core;

import static dev.paas.scheduler.core.Fixtures.instance;
import static dev.paas.scheduler.core.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.InstanceState;
import dev.paas.scheduler.api.Endpoint;
import dev.paas.scheduler.api.Route;
import dev.paas.scheduler.api.RouteMatch;
import dev.paas.scheduler.api.RouteTable;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The route table: which app, and which endpoints, a request reaches. */
class RouteTableTest {

    private static final RouteTable TABLE = RouteTable.of(
            List.of(Route.of("shop.example.com", "shop"),
                    new Route("shop.example.com", "/api", "api"),
                    new Route("shop.example.com", "/api/v2/", "api2"),
                    new Route("docs.example.com", "/guide", "docs"),
                    Route.of("empty.example.com", "idle")),
            List.of(running("s1", "shop", 1, "n1").withEndpoint("10.0.0.2:9001"),
                    running("s0", "shop", 0, "n2").withEndpoint("10.0.0.1:9000"),
                    instance("s2", "shop", 2, "r1", 256, InstanceState.STARTING, "n1"),
                    instance("s3", "shop", 3, "r1", 256, InstanceState.CRASHED, "n1"),
                    running("a0", "api", 0, "n1"),
                    running("b0", "api2", 0, "n1"),
                    running("d0", "docs", 0, "n1")));

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "shop.example.com, /, shop",
        "shop.example.com, /cart/42, shop",
        "shop.example.com, /api, api",
        "shop.example.com, /api/, api",
        "shop.example.com, /api/v1/items, api",
        "shop.example.com, /api?q=1, api",
        "shop.example.com, /api/v2, api2",
        "shop.example.com, /api/v2/items, api2",
        "shop.example.com, /apix, shop",
        "shop.example.com, /api/v2x, api",
        "SHOP.Example.COM:8080, /, shop",
        "shop.example.com., /, shop",
        "docs.example.com, /guide/intro, docs",
        "docs.example.com, /other, -",
        "unknown.example.com, /, -",
    })
    void longestPathPrefixOfTheHostWins(String host, String path, String expectedApp) {
        Optional<String> app = TABLE.lookup(host, path).map(m -> m.route().appId());

        assertThat(app.orElse("-")).isEqualTo(expectedApp);
    }

    @Test
    void endpointsAreTheRunningInstancesInIndexOrder() {
        RouteMatch match = TABLE.lookup("shop.example.com", "/").orElseThrow();

        assertThat(match.endpoints()).extracting(Endpoint::address).containsExactly("10.0.0.1:9000", "10.0.0.2:9001");
    }

    @Test
    void routeToAnAppWithNothingRunningMatchesWithNoEndpoints() {
        assertThat(TABLE.lookup("empty.example.com", "/")).hasValueSatisfying(m -> assertThat(m.endpoints()).isEmpty());
    }

    @Test
    void entriesAreSortedByHostThenPath() {
        assertThat(TABLE.entries()).extracting(m -> m.route().host() + m.route().path()).containsExactly(
                "docs.example.com/guide", "empty.example.com", "shop.example.com", "shop.example.com/api",
                "shop.example.com/api/v2");
    }

    @Test
    void instancesWithoutAnEndpointAreNotRouted() {
        var noEndpoint = new dev.paas.scheduler.api.ActualInstance(dev.paas.scheduler.api.InstanceId.of("x"), "idle",
                0, dev.paas.scheduler.api.Release.of("r1", 256), InstanceState.RUNNING, Optional.of("n1"),
                Fixtures.NOW, Fixtures.NOW, 0, Optional.empty());

        RouteTable table = RouteTable.of(List.of(Route.of("idle.example.com", "idle")), List.of(noEndpoint));

        assertThat(table.lookup("idle.example.com", "/")).hasValueSatisfying(m -> assertThat(m.endpoints()).isEmpty());
    }
}
