package dev.paas.nodeagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.logdrain.api.DrainLine;
import dev.paas.model.DesiredInstance;
import dev.paas.nodeagent.core.LogLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeDrainsTest {

    private static final Instant AT = Instant.parse("2026-12-06T11:00:00Z");

    private record Shipped(List<String> urls, DrainLine line) {}

    private final List<Shipped> shipped = new ArrayList<>();
    private final List<Set<String>> retained = new ArrayList<>();
    private final NodeDrains drains = new NodeDrains((urls, line) -> shipped.add(new Shipped(urls, line)), retained::add);

    private static DesiredInstance instance(long id, int index, Map<String, String> env, List<String> urls) {
        return new DesiredInstance(id, "dev", "web", index, "d", 128, null, 10, env, List.of()).withLogDrains(urls);
    }

    @Test
    void appLinesOfADrainedInstanceAreShippedAsCloudFoundryTagsThem() {
        drains.update(List.of(instance(7, 2, Map.of(), List.of("syslog://a:514", "https://b/x")),
                instance(8, 0, Map.of("PAAS_PROCESS_TYPE", "worker"), List.of("syslog://a:514"))));
        drains.accept(7, new LogLine(AT, LogLine.Channel.OUT, 2, "hello"));
        drains.accept(7, new LogLine(AT, LogLine.Channel.ERR, 2, "oops"));
        drains.accept(8, new LogLine(AT, LogLine.Channel.OUT, 0, "tick"));

        assertThat(shipped).containsExactly(
                new Shipped(List.of("syslog://a:514", "https://b/x"), new DrainLine(AT, "dev/web", "APP/PROC/WEB", "2", false, "hello")),
                new Shipped(List.of("syslog://a:514", "https://b/x"), new DrainLine(AT, "dev/web", "APP/PROC/WEB", "2", true, "oops")),
                new Shipped(List.of("syslog://a:514"), new DrainLine(AT, "dev/web", "APP/PROC/WORKER", "0", false, "tick")));
        assertThat(retained).containsExactly(Set.of("syslog://a:514", "https://b/x"));
    }

    @Test
    void consoleLinesUnknownAndUndrainedInstancesShipNothing() {
        drains.update(List.of(instance(7, 0, Map.of(), List.of("syslog://a:514")), instance(9, 0, Map.of(), List.of())));
        drains.accept(7, new LogLine(AT, LogLine.Channel.CELL, 0, "paas-init: started"));
        drains.accept(9, new LogLine(AT, LogLine.Channel.OUT, 0, "no drain"));
        drains.accept(42, new LogLine(AT, LogLine.Channel.OUT, 0, "not desired here"));
        assertThat(shipped).isEmpty();
    }

    @Test
    void anUnboundDrainIsNoLongerShippedToAndClosed() {
        drains.update(List.of(instance(7, 0, Map.of(), List.of("syslog://a:514"))));
        drains.update(List.of(instance(7, 0, Map.of(), List.of())));
        drains.accept(7, new LogLine(AT, LogLine.Channel.OUT, 0, "after unbind"));
        assertThat(shipped).isEmpty();
        assertThat(retained).last().isEqualTo(Set.of());
    }

    @Test
    void sourceTypes() {
        assertThat(NodeDrains.sourceType(Map.of())).isEqualTo("APP/PROC/WEB");
        assertThat(NodeDrains.sourceType(Map.of("PAAS_PROCESS_TYPE", "web"))).isEqualTo("APP/PROC/WEB");
        assertThat(NodeDrains.sourceType(Map.of("PAAS_PROCESS_TYPE", "clock"))).isEqualTo("APP/PROC/CLOCK");
        assertThat(NodeDrains.sourceType(Map.of("PAAS_PROCESS_TYPE", "task"))).isEqualTo("APP/TASK");
    }
}
