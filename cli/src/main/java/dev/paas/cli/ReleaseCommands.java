package dev.paas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.cli.core.CliException;
import dev.paas.cli.core.Table;
import dev.paas.cli.core.Text;
import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.ApiException;
import dev.paas.cli.infra.Json;
import dev.paas.model.EventView;
import dev.paas.model.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What happened to an app: logs, audit events, revisions and rollback. Logs, revisions and
 * rollback call endpoints that arrive with the push path; against a control plane without them
 * the commands say so instead of printing a bare 404.
 */
final class ReleaseCommands {

    private ReleaseCommands() {
    }

    /**
     * Runs {@code call}. A control plane without the endpoint answers 404 "no such endpoint" (or
     * 405): the user is told the feature is missing there. Any other 404 is the API's own (no
     * such app, no such revision): reading the app first names the app when it is the app.
     */
    static <T> T orMissingEndpoint(BaseCommand c, ApiClient api, String app, String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            if (missingEndpoint(e)) {
                throw new CliException("the control plane at " + api.baseUrl() + " does not serve " + what
                        + " yet (it answered " + e.status() + "); update it, or wait for the push path");
            }
            if (e.status() == 404) {
                api.get(c.appPath(app));
            }
            throw e;
        }
    }

    /** Whether the control plane lacks the endpoint (as opposed to lacking the thing asked for). */
    static boolean missingEndpoint(ApiException e) {
        return e.status() == 405
                || e.status() == 404 && (e.code() == null || e.getMessage().startsWith("no such endpoint"));
    }

    @Command(name = "logs", description = "Show an app's logs: its own output (APP), staging (STG), router (RTR), "
            + "API changes (API) and instance lifecycle (CELL), merged.",
            footer = {"", "Example:", "  paas logs hello --recent      # the buffer (up to 1000 lines), then exit",
                    "  paas logs hello               # follow new lines until Ctrl-C"})
    static final class Logs extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The app.")
        String name;
        @Option(names = "--recent", description = "Print the recent lines and exit instead of following.")
        boolean recent;

        @Override
        protected void run() {
            ApiClient api = api();
            if (recent) {
                String path = appPath(name) + "/logs?recent=true";
                try (Stream<String> lines = orMissingEndpoint(this, api, name, "app logs",
                        () -> api.lines(path, "text/plain", true))) {
                    if (json) {
                        printJson(Map.of("lines", lines.toList()));
                    } else {
                        lines.forEach(this::println);
                    }
                }
                return;
            }
            String path = appPath(name) + "/logs/stream";
            try (Stream<String> events = orMissingEndpoint(this, api, name, "log streams",
                    () -> api.lines(path, "text/event-stream", false))) {
                Iterator<String> it = events.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("data:")) {
                        String data = line.substring(5).strip();
                        println(json ? data : renderLogLine(data));
                        cli().out().flush();
                    }
                }
            }
        }
    }

    /**
     * One SSE {@code data:} payload, a JSON log line {@code {at, source, instance, stream, text}},
     * as {@code 2026-11-27T10:00:00.123Z [APP/0] OUT listening on 8080}; unreadable data as it is.
     */
    static String renderLogLine(String data) {
        try {
            JsonNode n = Json.tree(data);
            if (n == null || !n.isObject()) {
                return data;
            }
            String tag = n.path("source").asText("?") + (n.hasNonNull("instance") ? "/" + n.get("instance").asText() : "");
            return n.path("at").asText("") + " [" + tag + "] " + n.path("stream").asText("OUT") + " "
                    + n.path("text").asText("");
        } catch (java.io.UncheckedIOException e) {
            return data;
        }
    }

    @Command(name = "events", description = "Show an app's audit trail, newest first.",
            footer = {"", "Example:", "  paas events hello", "  paas events hello -n 200 --json"})
    static final class Events extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The app.")
        String name;
        @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50",
                description = "How many events (1-200, default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        protected void run() {
            if (limit < 1 || limit > 200) {
                throw new CliException("--limit: " + limit + " is out of range; choose 1 to 200", CliException.USAGE);
            }
            ApiClient.Response r = api().get("/v1/spaces/" + ApiClient.seg(space()) + "/events?app="
                    + ApiClient.seg(name) + "&perPage=" + limit);
            if (json) {
                printJson(r.tree());
                return;
            }
            Page<EventView> page = r.as(Json.MAPPER.getTypeFactory().constructParametricType(Page.class, EventView.class));
            Table t = Table.of("time", "action", "actor", "details");
            for (EventView e : page.items()) {
                t.row(Text.time(e.at()), e.action(), e.actor(), details(e));
            }
            print(t.isEmpty() ? "no events for " + name + "\n" : t.render());
        }

        private static String details(EventView e) {
            Map<String, String> flat = new LinkedHashMap<>();
            if (e.target() != null && !e.target().equals(e.app()) && !e.target().endsWith("/" + e.app())) {
                flat.put("target", e.target());
            }
            if (e.details() != null) {
                e.details().forEach((k, v) -> flat.put(k, String.valueOf(v)));
            }
            return flat.isEmpty() ? "" : Text.pairs(flat);
        }
    }

    @Command(name = "revisions", description = "List an app's revisions (image + env + command), newest first.",
            footer = {"", "Example:", "  paas revisions hello && paas rollback hello --version 3"})
    static final class Revisions extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The app.")
        String name;

        @Override
        protected void run() {
            ApiClient api = api();
            JsonNode body = orMissingEndpoint(this, api, name, "revisions",
                    () -> api.get(appPath(name) + "/revisions").tree());
            if (json) {
                printJson(body);
                return;
            }
            print(revisionTable(body, cli().clock().instant(), name));
        }
    }

    /** Renders a list or page of revisions, showing the fields it has among the expected ones. */
    static String revisionTable(JsonNode body, Instant now, String app) {
        JsonNode items = body != null && body.has("items") ? body.get("items") : body;
        List<JsonNode> rows = new ArrayList<>();
        if (items != null && items.isArray()) {
            items.forEach(rows::add);
        }
        if (rows.isEmpty()) {
            return "no revisions of " + app + " yet: push it first\n";
        }
        Table t = Table.of("revision", "created", "image", "runtime", "description", "current");
        for (JsonNode r : rows) {
            String digest = text(r, "imageDigest", text(r, "image", ""));
            Instant created = r.hasNonNull("createdAt") ? Instant.parse(r.get("createdAt").asText()) : null;
            t.row(text(r, "number", text(r, "version", text(r, "revision", "?"))), Text.ago(created, now),
                    digest.length() > 12 ? digest.substring(0, 12) : digest, text(r, "runtime", ""),
                    text(r, "description", ""), r.path("current").asBoolean(false) ? "*" : "");
        }
        return t.render();
    }

    private static String text(JsonNode n, String field, String fallback) {
        return n.hasNonNull(field) ? n.get(field).asText() : fallback;
    }

    @Command(name = "rollback", description = "Roll an app back to an earlier revision.",
            footer = {"", "Example:", "  paas revisions hello", "  paas rollback hello --version 3"})
    static final class Rollback extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The app.")
        String name;
        @Option(names = "--version", paramLabel = "N", required = true, description = "Revision to roll back to.")
        long version;

        @Override
        protected void run() {
            ApiClient api = api();
            ApiClient.Response r = orMissingEndpoint(this, api, name, "rollback",
                    () -> api.post(appPath(name) + "/rollback", Map.of("version", version)));
            if (json) {
                printJson(r.tree());
                return;
            }
            JsonNode rev = r.tree();
            long number = rev != null && rev.hasNonNull("number") ? rev.get("number").asLong() : version;
            println("rolling " + name + " back to revision " + number + "; watch it with 'paas app " + name + "'");
        }
    }
}
