package dev.paas.cli.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.model.AppState;
import dev.paas.model.AppView;
import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.model.InstanceState;
import dev.paas.model.InstanceView;
import dev.paas.model.RouteView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderingTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void tablesAlignColumnsWithoutTrailingSpaces() {
        String t = Table.of("name", "state", "memory").row("hello", "started", "256M").row("a-long-name", null, "1G")
                .render();
        assertThat(t).isEqualTo("""
                name         state    memory
                hello        started  256M
                a-long-name           1G
                """);
    }

    @Test
    void aTableRowMustFitTheHeader() {
        assertThatThrownBy(() -> Table.of("a", "b").row("x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Table.of("a").isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({"0, 0s ago", "59, 59s ago", "60, 1m ago", "3599, 59m ago", "3600, 1h ago", "86400, 1d ago",
            "-5, 0s ago"})
    void ages(long seconds, String text) {
        assertThat(Text.ago(NOW.minusSeconds(seconds), NOW)).isEqualTo(text);
        assertThat(Text.ago(null, NOW)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 0 B", "1023, 1023 B", "1024, 1.0 KB", "1572864, 1.5 MB", "3221225472, 3.0 GB"})
    void byteSizes(long n, String text) {
        assertThat(Text.bytes(n)).isEqualTo(text);
    }

    @Test
    void keyValuePairs() {
        assertThat(Text.pairs("--label", List.of("zone=eu-1", "expr=a=b", "empty="))).containsExactly(
                Map.entry("zone", "eu-1"), Map.entry("expr", "a=b"), Map.entry("empty", ""));
        assertThatThrownBy(() -> Text.pairs("--label", List.of("zone"))).hasMessage("--label: 'zone' is not KEY=VALUE");
        assertThatThrownBy(() -> Text.pairs("--var", List.of("=x"))).hasMessage("--var: '=x' is not KEY=VALUE");
        assertThat(Text.pairs(Map.of())).isEqualTo("-");
        assertThat(Text.lower(InstanceState.RUNNING)).isEqualTo("running");
        assertThat(Text.lower(null)).isEqualTo("-");
    }

    @Test
    void appDetailsShowInstancesAndWhyTheyArePending() {
        AppView app = new AppView("hello", "default", AppState.STARTED, 3, "256M", null, Map.of("A", "1"),
                new HealthCheck(HealthCheckType.HTTP, "/health", 60), 7, NOW.minusSeconds(600), NOW.minusSeconds(120));
        List<InstanceView> instances = List.of(
                new InstanceView(0, InstanceState.RUNNING, NOW.minusSeconds(90), "node-1", "10.0.0.5:40001", true, 0,
                        null, null, 100L, 1.5, 2L),
                new InstanceView(1, InstanceState.CRASHED, NOW.minusSeconds(30), "node-2", null, false, 3,
                        "exit status 1", null, null, null, 2L),
                new InstanceView(2, InstanceState.UNCLAIMED, NOW.minusSeconds(5), null, null, null, 0, null,
                        "3 nodes insufficient memory, 1 cordoned", null, null, 2L));
        List<RouteView> routes = List.of(new RouteView(1, "hello.localhost", "", "default", "hello", NOW, "http://hello.localhost:8080/"),
                new RouteView(2, "shop.localhost", "/api", "default", "hello", NOW, "http://shop.localhost:8080/api"));
        assertThat(AppRendering.details(app, instances, routes, NOW)).isEqualTo("""
                name:      hello
                space:     default
                state:     started
                instances: 1 of 3 running
                memory:    256M
                command:   (the buildpack's)
                health:    http /health, 60s timeout
                env:       1 variable (paas env hello)
                routes:    hello.localhost, shop.localhost/api
                updated:   2m ago

                index  state      since    node    endpoint        crashes  last exit
                0      running    1m ago   node-1  10.0.0.5:40001  0        -
                1      crashed    30s ago  node-2  -               3        exit status 1
                2      unclaimed  5s ago   -       -               0        -
                instance 2 pending: 3 nodes insufficient memory, 1 cordoned
                """);
    }

    @Test
    void anAppFromADockerImageNamesItAndTheImagesCommand() {
        AppView app = new AppView("web", "default", AppState.STARTED, 0, "64M", null, Map.of(), null, 1, NOW, NOW, null,
                "127.0.0.1:5000/web/multi:1");
        assertThat(AppRendering.details(app, List.of(), List.of(), NOW)).contains("""
                memory:    64M
                docker:    127.0.0.1:5000/web/multi:1
                command:   (the image's)
                """);
    }

    @Test
    void anAppScaledToZeroSaysSo() {
        AppView app = new AppView("idle", "default", AppState.STOPPED, 0, "1G", "./run", Map.of(), null, 1, NOW, NOW);
        assertThat(AppRendering.details(app, List.of(), List.of(), NOW))
                .contains("routes:    (none)").contains("command:   ./run").contains("health:    port")
                .endsWith("no instances (scaled to 0)\n");
    }
}
