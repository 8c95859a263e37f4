package dev.paas.api.ui;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which dashboard URLs are fragments (parts of a page that htmx fetches) and the page each belongs
 * to. A fragment is no place to land: a login's {@code next} and a browser that opens a fragment's
 * URL are sent to its page instead.
 */
final class Fragments {

    private static final Pattern APP_PART = Pattern.compile("(/apps/[^/?#]+/[^/?#]+)/([a-z-]+)");
    private static final Pattern NODE_PART = Pattern.compile("(/ops/nodes/[^/?#]+)/instances");
    private static final Set<String> APP_PARTS = Set.of("header", "instances", "settings", "env", "revisions", "events", "routes", "metrics",
            "services", "tasks", "task-form");

    private Fragments() {
    }

    /** The page {@code path} (a path with an optional query) is part of; {@code path} itself when it is a page. */
    static String pageOf(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        Matcher m = APP_PART.matcher(bare);
        if (m.matches() && APP_PARTS.contains(m.group(2))) {
            return m.group(1);
        }
        Matcher node = NODE_PART.matcher(bare);
        if (node.matches()) {
            return node.group(1);
        }
        return switch (bare) {
            case "/apps-table" -> "/";
            case "/services-table" -> "/services";
            case "/ops/nodes-table" -> "/ops/nodes";
            case "/ops/pools-table" -> "/ops/pools";
            default -> path;
        };
    }

    static boolean isFragment(String path) {
        return !pageOf(path).equals(path);
    }
}
