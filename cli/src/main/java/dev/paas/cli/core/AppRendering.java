package dev.paas.cli.core;

import dev.paas.pushrules.IdleTimeout;

import dev.paas.model.AppMetricsView;
import dev.paas.model.AppView;
import dev.paas.model.HealthCheck;
import dev.paas.model.InstanceState;
import dev.paas.model.InstanceView;
import dev.paas.model.ProcessView;
import dev.paas.model.RouteView;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The text of {@code paas app NAME}: settings and the router's request figures, then one row per
 * instance (with its memory and CPU when the control plane has them), then why some are pending.
 */
public final class AppRendering {

    private AppRendering() {
    }

    public static String details(AppView app, List<InstanceView> instances, List<RouteView> routes, Instant now) {
        return details(app, instances, routes, null, now);
    }

    /** The state word: {@code started}, {@code stopped}, or {@code idle} (started, scaled to zero for its idle timeout). */
    public static String state(AppView app) {
        return app.idle() ? "idle" : Text.lower(app.state());
    }

    /** With {@code metrics} ({@code GET .../metrics}; null from a control plane without it). */
    public static String details(AppView app, List<InstanceView> instances, List<RouteView> routes, AppMetricsView metrics,
                                 Instant now) {
        StringBuilder out = new StringBuilder();
        long running = instances.stream().filter(i -> i.state() == InstanceState.RUNNING).count();
        field(out, "name", app.name());
        field(out, "space", app.space());
        field(out, "state", state(app) + (app.idle() ? " (no request for " + IdleTimeout.format(app.idleTimeoutSeconds())
                + ": instances stopped; the next request starts one)" : ""));
        field(out, "instances", running + " of " + app.instances() + " running");
        field(out, "memory", app.memory());
        if (app.disk() != null) {
            field(out, "disk", app.disk());
        }
        if (app.dockerImage() != null) {
            field(out, "docker", app.dockerImage());
        }
        if (app.idleTimeoutSeconds() > 0) {
            field(out, "idle", "after " + IdleTimeout.format(app.idleTimeoutSeconds()) + " without a request");
        }
        if (!app.clonesAllowed()) {
            field(out, "clones", "off (every instance boots cold)");
        }
        field(out, "command", app.command() != null && !app.command().isEmpty() ? app.command()
                : app.dockerImage() != null ? "(the image's)" : "(the buildpack's)");
        field(out, "health", health(app.healthCheck()));
        int env = app.env() == null ? 0 : app.env().size();
        field(out, "env", env + " variable" + (env == 1 ? "" : "s") + (env == 0 ? "" : " (paas env " + app.name() + ")"));
        field(out, "routes", routes.isEmpty() ? "(none)"
                : String.join(", ", routes.stream().map(r -> r.host() + (r.path() == null ? "" : r.path())).toList()));
        field(out, "updated", Text.ago(app.updatedAt(), now));
        if (metrics != null) {
            field(out, "requests", requests(metrics));
        }
        out.append('\n');
        if (instances.isEmpty()) {
            out.append("no instances").append(app.instances() == 0 ? " (scaled to 0)" : "").append('\n');
            return out.toString();
        }
        instanceTable(out, instances, metrics, now);
        return out.toString();
    }

    /**
     * The process types other than web ({@code processes} from {@code GET .../processes}, web
     * included and skipped: {@link #details} shows it), each as Cloud Foundry's {@code cf app}
     * lays them out: {@code type: worker}, its scale, command and health check, then its
     * instances from index 0.
     */
    public static String processes(List<ProcessView> processes, Instant now) {
        StringBuilder out = new StringBuilder();
        for (ProcessView p : processes) {
            if (p.type().equals("web")) {
                continue;
            }
            List<InstanceView> instances = p.instanceList() == null ? List.of() : p.instanceList();
            long running = instances.stream().filter(i -> i.state() == InstanceState.RUNNING).count();
            out.append('\n');
            field(out, "type", p.type());
            field(out, "instances", running + " of " + p.instances() + " running");
            field(out, "memory", p.memory());
            field(out, "disk", p.disk());
            field(out, "command", p.command());
            field(out, "health", health(p.healthCheck()));
            field(out, "routes", "(none: only web is routed)");
            out.append('\n');
            if (instances.isEmpty()) {
                out.append("no instances").append(p.instances() == 0 ? " (scaled to 0)" : "").append('\n');
            } else {
                instanceTable(out, instances, null, now);
            }
        }
        return out.toString();
    }

    private static void instanceTable(StringBuilder out, List<InstanceView> instances, AppMetricsView metrics, Instant now) {
        Table t = metrics == null ? Table.of("index", "state", "since", "node", "endpoint", "crashes", "last exit")
                : Table.of("index", "state", "since", "node", "endpoint", "memory", "cpu", "crashes", "last exit");
        Map<Integer, AppMetricsView.InstanceUsage> usage = metrics == null ? Map.of() : metrics.instances().stream()
                .collect(Collectors.toMap(AppMetricsView.InstanceUsage::index, Function.identity(), (a, b) -> a));
        for (InstanceView i : instances) {
            String state = Text.lower(i.state()) + (i.suspect() ? " (suspect: node down)" : "");
            if (metrics == null) {
                t.row(i.index(), state, Text.ago(i.since(), now), dash(i.node()), dash(i.endpoint()), i.crashCount(), dash(i.lastExit()));
            } else {
                AppMetricsView.InstanceUsage u = usage.get(i.index());
                t.row(i.index(), state, Text.ago(i.since(), now), dash(i.node()), dash(i.endpoint()), memory(u), cpu(u),
                        i.crashCount(), dash(i.lastExit()));
            }
        }
        out.append(t.render());
        for (InstanceView i : instances) {
            if (i.placementError() != null && !i.placementError().isBlank()) {
                out.append("instance ").append(i.index()).append(' ').append(pending(i.placementError())).append('\n');
            }
        }
    }

    /** {@code 12 in the last 5 min (0.04/s), 3 5xx (25%), p50 17 ms, p99 732 ms}. */
    static String requests(AppMetricsView m) {
        String window = m.windowSeconds() % 60 == 0 ? m.windowSeconds() / 60 + " min" : m.windowSeconds() + " s";
        if (m.requests() == 0) {
            return "none in the last " + window + " (through the router)";
        }
        return m.requests() + " in the last " + window + String.format(Locale.ROOT, " (%.2f/s), ", m.requestsPerSecond())
                + m.status5xx() + " 5xx (" + percent(100.0 * m.status5xx() / m.requests()) + "), p50 " + millis(m.p50Millis())
                + ", p99 " + millis(m.p99Millis());
    }

    /** {@code 16M of 64M (25%)}; {@code - of 64M} when the guest's use is not reported. */
    static String memory(AppMetricsView.InstanceUsage u) {
        if (u == null) {
            return "-";
        }
        String limit = mib(u.memoryLimitBytes());
        return u.memoryUsedBytes() == null ? "- of " + limit
                : mib(u.memoryUsedBytes()) + " of " + limit + " (" + percent(u.memoryPercent()) + ")";
    }

    static String cpu(AppMetricsView.InstanceUsage u) {
        return u == null || u.cpuPercent() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", u.cpuPercent());
    }

    private static String mib(long bytes) {
        return bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? (bytes >> 30) + "G" : Math.round(bytes / 1048576.0) + "M";
    }

    private static String percent(double p) {
        return p >= 10 || p == 0 ? Math.round(p) + "%" : String.format(Locale.ROOT, "%.1f%%", p);
    }

    static String millis(Double ms) {
        if (ms == null) {
            return "-";
        }
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return ms < 1000 ? Math.round(ms) + " ms" : String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    static String health(HealthCheck h) {
        if (h == null || h.type() == null) {
            return "port";
        }
        String s = Text.lower(h.type());
        if (h.endpoint() != null) {
            s += " " + h.endpoint();
        }
        if (h.timeout() != null) {
            s += ", " + h.timeout() + "s timeout";
        }
        return s;
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(String.format("%-11s%s", name + ":", value == null ? "" : value)).append('\n');
    }

    private static String dash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    /**
     * The scheduler's reason as {@code pending: <why>}: its placement errors already start with
     * {@code pending: } ({@code "pending: 1 node insufficient memory"}); never doubled.
     */
    public static String pending(String placementError) {
        String why = placementError.strip();
        return why.startsWith("pending: ") ? why : "pending: " + why;
    }
}
