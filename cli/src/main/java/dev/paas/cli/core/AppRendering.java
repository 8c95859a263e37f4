package dev.paas.cli.core;

import dev.paas.model.AppView;
import dev.paas.model.HealthCheck;
import dev.paas.model.InstanceState;
import dev.paas.model.InstanceView;
import dev.paas.model.RouteView;
import java.time.Instant;
import java.util.List;

/** The text of {@code paas app NAME}: settings, then one row per instance, then why some are pending. */
public final class AppRendering {

    private AppRendering() {
    }

    public static String details(AppView app, List<InstanceView> instances, List<RouteView> routes, Instant now) {
        StringBuilder out = new StringBuilder();
        long running = instances.stream().filter(i -> i.state() == InstanceState.RUNNING).count();
        field(out, "name", app.name());
        field(out, "space", app.space());
        field(out, "state", Text.lower(app.state()));
        field(out, "instances", running + " of " + app.instances() + " running");
        field(out, "memory", app.memory());
        if (app.disk() != null) {
            field(out, "disk", app.disk());
        }
        field(out, "command", app.command() == null || app.command().isEmpty() ? "(the buildpack's)" : app.command());
        field(out, "health", health(app.healthCheck()));
        int env = app.env() == null ? 0 : app.env().size();
        field(out, "env", env + " variable" + (env == 1 ? "" : "s") + (env == 0 ? "" : " (paas env " + app.name() + ")"));
        field(out, "routes", routes.isEmpty() ? "(none)"
                : String.join(", ", routes.stream().map(r -> r.host() + (r.path() == null ? "" : r.path())).toList()));
        field(out, "updated", Text.ago(app.updatedAt(), now));
        out.append('\n');
        if (instances.isEmpty()) {
            out.append("no instances").append(app.instances() == 0 ? " (scaled to 0)" : "").append('\n');
            return out.toString();
        }
        Table t = Table.of("index", "state", "since", "node", "endpoint", "crashes", "last exit");
        for (InstanceView i : instances) {
            t.row(i.index(), Text.lower(i.state()) + (i.suspect() ? " (suspect: node down)" : ""), Text.ago(i.since(), now), dash(i.node()), dash(i.endpoint()),
                    i.crashCount(), dash(i.lastExit()));
        }
        out.append(t.render());
        for (InstanceView i : instances) {
            if (i.placementError() != null && !i.placementError().isBlank()) {
                out.append("instance ").append(i.index()).append(' ').append(pending(i.placementError())).append('\n');
            }
        }
        return out.toString();
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
