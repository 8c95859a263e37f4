package dev.paas.router.infra;

import dev.paas.model.RoutingTable;
import dev.paas.model.RoutingTable.RoutingEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON of the two control-plane calls, by hand (no data binding in the router jar); the access-log
 * batch is written by {@link AccessLog#drain}. Field names are those of the {@code dev.paas.model} records; unknown fields are
 * ignored, so the control plane may add some.
 */
final class Wire {

    private Wire() {
    }

    /** @throws IllegalArgumentException when the body is not a routing table */
    static RoutingTable table(Buffer body) {
        JsonObject json;
        try {
            json = body.toJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
        Long version = json.getLong("version");
        JsonArray routes = json.getJsonArray("routes");
        if (version == null || routes == null) {
            throw new IllegalArgumentException("a routing table needs version and routes");
        }
        List<RoutingEntry> entries = new ArrayList<>(routes.size());
        for (int i = 0; i < routes.size(); i++) {
            JsonObject r = routes.getJsonObject(i);
            JsonArray eps = r.getJsonArray("endpoints", new JsonArray());
            List<String> endpoints = new ArrayList<>(eps.size());
            for (int k = 0; k < eps.size(); k++) {
                endpoints.add(eps.getString(k));
            }
            entries.add(new RoutingEntry(r.getString("host"), r.getString("path", ""), r.getLong("appId", 0L),
                    r.getString("app", ""), endpoints, r.getBoolean("idle", false)));
        }
        return new RoutingTable(version, entries);
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static void quote(StringBuilder json, CharSequence s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
