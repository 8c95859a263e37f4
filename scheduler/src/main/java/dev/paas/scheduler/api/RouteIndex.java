package dev.paas.scheduler.api;

import dev.paas.scheduler.core.StaticRouteTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Host and path prefix → a value, with the matching rules of {@link StaticRouteTable}: host case,
 * a {@code :port} and a trailing dot are ignored; the longest prefix of whole path segments wins;
 * an empty prefix matches every path. The router keeps one per version of the control plane's
 * table ({@code RoutingTable}), its values being what it needs per route.
 *
 * <p>Immutable once built; safe for any number of threads. A lookup allocates nothing when the
 * host needs no normalising (already lower case, no port), which is the common case.
 *
 * @param <T> what a route leads to
 */
public final class RouteIndex<T> {

    /** One route: its host (any case), its path prefix ("" or starting with '/'), and its value. */
    public record Entry<T>(String host, String path, T value) {

        public Entry {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(value, "value");
            path = path == null ? "" : path;
        }
    }

    private final Map<String, List<Entry<T>>> byHost;
    private final int size;

    private RouteIndex(Map<String, List<Entry<T>>> byHost, int size) {
        this.byHost = byHost;
        this.size = size;
    }

    /**
     * Builds the index. Hosts are normalised as requests' are; a trailing '/' of a path is
     * dropped ({@code /api/} is {@code /api}). When two entries have the same host and path, the
     * first one wins, so the caller's order decides.
     *
     * @throws IllegalArgumentException for a non-empty path that does not start with '/'
     */
    public static <T> RouteIndex<T> of(List<Entry<T>> entries) {
        Map<String, List<Entry<T>>> byHost = new HashMap<>();
        int size = 0;
        for (Entry<T> e : entries) {
            String host = StaticRouteTable.normalizeHost(e.host());
            String path = normalizePath(e.path());
            List<Entry<T>> same = byHost.computeIfAbsent(host, h -> new ArrayList<>());
            if (same.stream().noneMatch(o -> o.path().equals(path))) {
                same.add(new Entry<>(host, path, e.value()));
                size++;
            }
        }
        // Longest prefix first, so the first match is the longest; stable for equal lengths.
        byHost.replaceAll((host, list) -> list.stream()
                .sorted(Comparator.comparingInt((Entry<T> m) -> m.path().length()).reversed())
                .toList());
        return new RouteIndex<>(Map.copyOf(byHost), size);
    }

    public static <T> RouteIndex<T> empty() {
        return new RouteIndex<>(Map.of(), 0);
    }

    /**
     * The value of the route for a request's Host header and path (without the query). Empty when
     * no route of that host matches (the router answers 404).
     */
    public Optional<Entry<T>> lookup(String host, String path) {
        List<Entry<T>> candidates = byHost.get(StaticRouteTable.normalizeHost(host));
        if (candidates == null) {
            return Optional.empty();
        }
        String requestPath = path == null || path.isEmpty() ? "/" : path;
        for (int i = 0, n = candidates.size(); i < n; i++) {
            Entry<T> candidate = candidates.get(i);
            if (StaticRouteTable.matches(candidate.path(), requestPath)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** How many distinct (host, path) routes the index holds. */
    public int size() {
        return size;
    }

    static String normalizePath(String path) {
        String p = path.trim();
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && !p.startsWith("/")) {
            throw new IllegalArgumentException("a route path starts with '/', got " + path);
        }
        return p;
    }
}
