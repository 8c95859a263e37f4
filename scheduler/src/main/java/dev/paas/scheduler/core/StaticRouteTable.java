package dev.paas.scheduler.core;

import dev.paas.model.InstanceState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.Endpoint;
import dev.paas.scheduler.api.Route;
import dev.paas.scheduler.api.RouteMatch;
import dev.paas.scheduler.api.RouteTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable {@link RouteTable}: per host, its routes sorted by path length, longest first,
 * so the first prefix that matches is the longest. Lookups allocate nothing but the answer.
 */
public final class StaticRouteTable implements RouteTable {

    private final Map<String, List<RouteMatch>> byHost;
    private final List<RouteMatch> entries;

    private StaticRouteTable(Map<String, List<RouteMatch>> byHost, List<RouteMatch> entries) {
        this.byHost = byHost;
        this.entries = entries;
    }

    public static StaticRouteTable build(List<Route> routes, List<ActualInstance> instances) {
        Map<String, List<Endpoint>> endpointsByApp = new HashMap<>();
        instances.stream()
                .filter(i -> i.state() == InstanceState.RUNNING && i.endpoint().isPresent())
                .sorted(Comparator.comparingInt(ActualInstance::index).thenComparing(ActualInstance::id))
                .forEach(i -> endpointsByApp.computeIfAbsent(i.appId(), id -> new ArrayList<>())
                        .add(new Endpoint(i.id(), i.appId(), i.index(), i.endpoint().get())));
        List<RouteMatch> entries = new ArrayList<>();
        for (Route route : routes) {
            entries.add(new RouteMatch(route, endpointsByApp.getOrDefault(route.appId(), List.of())));
        }
        entries.sort(Comparator.comparing((RouteMatch m) -> m.route().host()).thenComparing(m -> m.route().path()));
        Map<String, List<RouteMatch>> byHost = new HashMap<>();
        for (RouteMatch entry : entries) {
            byHost.computeIfAbsent(entry.route().host(), h -> new ArrayList<>()).add(entry);
        }
        byHost.replaceAll((host, list) -> list.stream()
                .sorted(Comparator.comparingInt((RouteMatch m) -> m.route().path().length()).reversed())
                .toList());
        return new StaticRouteTable(Map.copyOf(byHost), List.copyOf(entries));
    }

    @Override
    public Optional<RouteMatch> lookup(String host, String path) {
        List<RouteMatch> candidates = byHost.get(normalizeHost(host));
        if (candidates == null) {
            return Optional.empty();
        }
        String requestPath = path == null || path.isEmpty() ? "/" : path;
        for (RouteMatch candidate : candidates) {
            if (matches(candidate.route().path(), requestPath)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<RouteMatch> entries() {
        return entries;
    }

    /** Whole segments only: "/api" matches "/api", "/api/", "/api/v1" and "/api?x", not "/apix". */
    public static boolean matches(String prefix, String path) {
        if (prefix.isEmpty()) {
            return true;
        }
        if (!path.startsWith(prefix)) {
            return false;
        }
        if (path.length() == prefix.length()) {
            return true;
        }
        char next = path.charAt(prefix.length());
        return next == '/' || next == '?' || next == '#';
    }

    /** Host headers may carry a port, upper case, or a trailing dot; none of it changes the route. */
    public static String normalizeHost(String host) {
        if (host == null) {
            return "";
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end > 0 ? h.substring(0, end + 1) : h;
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0) {
                h = h.substring(0, colon);
            }
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
