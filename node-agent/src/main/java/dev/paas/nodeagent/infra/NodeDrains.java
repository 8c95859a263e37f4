package dev.paas.nodeagent.infra;

import dev.paas.logdrain.api.DrainLine;
import dev.paas.model.DesiredInstance;
import dev.paas.nodeagent.core.LogLine;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Ships the APP lines of the instances this node runs to their app's syslog drains
 * ({@link DesiredInstance#logDrains()}), as Cloud Foundry's loggregator agents do on each cell.
 * The agent ships from the host, never through a guest's network. Thread-safe: the watch loop
 * calls {@link #update}, the tailer thread {@link #accept}.
 */
final class NodeDrains {

    /** Where one instance's lines go: APP-NAME {@code space/app}, PROCID {@code [sourceType/index]}. */
    record Target(String appName, String sourceType, int index, List<String> drains) {}

    private final BiConsumer<List<String>, DrainLine> ship;
    private final Consumer<Set<String>> retain;
    private volatile Map<Long, Target> targets = Map.of();

    /**
     * @param ship   queues a line for drains; must not block ({@code LogDrains::ship})
     * @param retain closes the drains no instance uses any more ({@code LogDrains::retain})
     */
    NodeDrains(BiConsumer<List<String>, DrainLine> ship, Consumer<Set<String>> retain) {
        this.ship = ship;
        this.retain = retain;
    }

    /** A new desired list: which instance's lines go where. */
    void update(List<DesiredInstance> desired) {
        Map<Long, Target> next = new HashMap<>();
        Set<String> used = new LinkedHashSet<>();
        for (DesiredInstance d : desired == null ? List.<DesiredInstance>of() : desired) {
            if (!d.logDrains().isEmpty()) {
                next.put(d.instanceId(), new Target(d.space() + "/" + d.app(), sourceType(d.env()), d.index(), d.logDrains()));
                used.addAll(d.logDrains());
            }
        }
        targets = Map.copyOf(next);
        retain.accept(used);
    }

    /** A line an instance wrote (the tailer thread): an OUT or ERR line goes to its drains, if any. */
    void accept(long instanceId, LogLine line) {
        Target t = targets.get(instanceId);
        if (t == null || line.channel() == LogLine.Channel.CELL) {
            return;
        }
        ship.accept(t.drains(), new DrainLine(line.at(), t.appName(), t.sourceType(), Integer.toString(line.index()),
                line.channel() == LogLine.Channel.ERR, line.text()));
    }

    /**
     * Cloud Foundry's source type: {@code APP/PROC/WEB}, {@code APP/PROC/WORKER} for another process
     * type, {@code APP/TASK} for a task (the agent is not told the task's name).
     */
    static String sourceType(Map<String, String> env) {
        String type = env == null ? null : env.get("PAAS_PROCESS_TYPE");
        if (type == null || type.isEmpty()) {
            return "APP/PROC/WEB";
        }
        return "task".equals(type) ? "APP/TASK" : "APP/PROC/" + type.toUpperCase(Locale.ROOT);
    }
}
