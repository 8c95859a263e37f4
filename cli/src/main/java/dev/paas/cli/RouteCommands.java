package dev.paas.cli;

import dev.paas.cli.core.CliException;
import dev.paas.pushrules.RouteAddress;
import dev.paas.cli.core.Table;
import dev.paas.cli.infra.ApiClient;
import dev.paas.model.CreateRouteRequest;
import dev.paas.model.MapRouteRequest;
import dev.paas.model.Page;
import dev.paas.model.RouteView;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Routes of the targeted space, and the lookups {@code push} shares. */
final class RouteCommands {

    private RouteCommands() {
    }

    static String routesPath(String space) {
        return "/v1/spaces/" + ApiClient.seg(space) + "/routes";
    }

    static List<RouteView> routesOf(ApiClient api, String space, String app) {
        return api.all(routesPath(space), RouteView.class).items().stream().filter(r -> app.equals(r.app())).toList();
    }

    static Optional<RouteView> find(ApiClient api, String space, RouteAddress address) {
        return api.all(routesPath(space), RouteView.class).items().stream()
                .filter(r -> r.host().equalsIgnoreCase(address.host()) && path(r).equals(address.path()))
                .findFirst();
    }

    /** Maps {@code address} to {@code app}, creating the route in the space when it does not exist yet. */
    static RouteView map(ApiClient api, String space, String app, RouteAddress address) {
        return map(api, space, app, address, created -> { });
    }

    /** As {@link #map(ApiClient, String, String, RouteAddress)}; {@code created} hears of a route it created. */
    static RouteView map(ApiClient api, String space, String app, RouteAddress address, Consumer<RouteView> created) {
        Optional<RouteView> existing = find(api, space, address);
        if (existing.isEmpty()) {
            RouteView r = api.post(routesPath(space), new CreateRouteRequest(address.host(),
                    address.path().isEmpty() ? null : address.path(), app)).as(RouteView.class);
            created.accept(r);
            return r;
        }
        if (app.equals(existing.get().app())) {
            return existing.get();
        }
        return api.put(routesPath(space) + "/" + existing.get().id() + "/app", new MapRouteRequest(app))
                .as(RouteView.class);
    }

    static String path(RouteView r) {
        return Objects.requireNonNullElse(r.path(), "");
    }

    static String display(RouteView r) {
        return r.host() + path(r);
    }

    /** Where a browser reaches the route: the server's URL (router port included), else a guess on port 80. */
    static String url(RouteView r) {
        return r.url() != null ? r.url() : "http://" + display(r);
    }

    static RouteAddress address(String host, String path) {
        try {
            if (path == null && host.contains("/")) {
                return RouteAddress.parse(host);
            }
            return RouteAddress.of(host, path);
        } catch (IllegalArgumentException e) {
            throw new CliException("route: " + e.getMessage(), CliException.USAGE);
        }
    }

    @Command(name = "routes", description = "List the routes of the targeted space and the apps they lead to.",
            footer = {"", "Example:", "  paas routes"})
    static final class Routes extends BaseCommand {
        @Override
        protected void run() {
            Page<RouteView> page = api().all(routesPath(space()), RouteView.class);
            if (json) {
                printJson(page);
                return;
            }
            Table t = Table.of("host", "path", "app", "url");
            page.items().forEach(r -> t.row(r.host(), path(r), r.app() == null ? "(unmapped)" : r.app(), url(r)));
            print(t.isEmpty() ? "no routes in space " + space() + "\n" : t.render());
        }
    }

    @Command(name = "map-route", description = "Send a host (and optional path prefix) to an app; the route is "
            + "created in the space if it does not exist.",
            footer = {"", "Example:", "  paas map-route hello hello.localhost", "  paas map-route api shop.localhost --path /api"})
    static final class MapRoute extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The app.")
        String name;
        @Parameters(index = "1", paramLabel = "HOST", description = "Host name with a domain, e.g. hello.localhost.")
        String host;
        @Option(names = "--path", paramLabel = "PATH", description = "Path prefix, e.g. /api.")
        String path;

        @Override
        protected void run() {
            RouteAddress address = address(host, path);
            RouteView r = map(api(), space(), name, address);
            if (json) {
                printJson(r);
            } else {
                println("mapped " + display(r) + " to " + name);
            }
        }
    }

    @Command(name = "unmap-route", description = "Stop sending a route to an app (the route stays in the space).",
            footer = {"", "Example:", "  paas unmap-route hello hello.localhost"})
    static final class UnmapRoute extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The app.")
        String name;
        @Parameters(index = "1", paramLabel = "HOST", description = "Host name of the route.")
        String host;
        @Option(names = "--path", paramLabel = "PATH", description = "Path prefix of the route.")
        String path;

        @Override
        protected void run() {
            RouteAddress address = address(host, path);
            ApiClient api = api();
            RouteView r = find(api, space(), address).orElseThrow(() ->
                    new CliException("no route " + address + " in space " + space() + " ('paas routes' lists them)"));
            if (!name.equals(r.app())) {
                throw new CliException("route " + address + " is not mapped to " + name
                        + (r.app() == null ? " (it is unmapped)" : " (it leads to " + r.app() + ")"));
            }
            RouteView after = api.delete(routesPath(space()) + "/" + r.id() + "/app").as(RouteView.class);
            if (json) {
                printJson(after);
            } else {
                println("unmapped " + address + " from " + name);
            }
        }
    }

    @Command(name = "delete-route", description = "Delete a route of the targeted space: requests to it get 404 "
            + "and the host name is free again.",
            footer = {"", "Example:", "  paas delete-route hello.localhost          # asks first",
                    "  paas delete-route shop.localhost --path /api -f"})
    static final class DeleteRoute extends BaseCommand {
        @Parameters(index = "0", paramLabel = "HOST", description = "Host name of the route, e.g. hello.localhost.")
        String host;
        @Option(names = "--path", paramLabel = "PATH", description = "Path prefix of the route.")
        String path;
        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        boolean force;

        @Override
        protected void run() {
            RouteAddress address = address(host, path);
            ApiClient api = api();
            Optional<RouteView> r = find(api, space(), address);
            if (r.isEmpty()) {
                // As cf: deleting what is not there is not an error, so scripts can run it twice.
                if (json) {
                    printJson(java.util.Map.of("deleted", List.of()));
                } else {
                    println("route " + address + " does not exist in space " + space() + "; nothing to delete");
                }
                return;
            }
            String mapped = r.get().app() == null ? "" : " (it leads to " + r.get().app() + ")";
            if (!force && !confirm("Really delete the route " + address + mapped + "?")) {
                throw new CliException("not deleted (answer y, or pass -f)");
            }
            api.delete(routesPath(space()) + "/" + r.get().id());
            if (json) {
                printJson(java.util.Map.of("deleted", List.of(r.get())));
            } else {
                println("deleted route " + address);
            }
        }
    }

    @Command(name = "delete-orphaned-routes", description = "Delete the routes of the targeted space that lead to no app.",
            footer = {"", "Example:", "  paas delete-orphaned-routes      # lists them and asks first", "  paas delete-orphaned-routes -f"})
    static final class DeleteOrphanedRoutes extends BaseCommand {
        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        boolean force;

        @Override
        protected void run() {
            ApiClient api = api();
            List<RouteView> orphans = api.all(routesPath(space()), RouteView.class).items().stream().filter(r -> r.app() == null).toList();
            if (orphans.isEmpty()) {
                if (json) {
                    printJson(java.util.Map.of("deleted", List.of()));
                } else {
                    println("no unmapped routes in space " + space());
                }
                return;
            }
            String list = String.join(", ", orphans.stream().map(RouteCommands::display).toList());
            if (!force && !confirm("Really delete " + orphans.size() + " unmapped route" + (orphans.size() == 1 ? "" : "s")
                    + " in space " + space() + " (" + list + ")?")) {
                throw new CliException("not deleted (answer y, or pass -f)");
            }
            for (RouteView r : orphans) {
                api.delete(routesPath(space()) + "/" + r.id());
                if (!json) {
                    println("deleted route " + display(r));
                }
            }
            if (json) {
                printJson(java.util.Map.of("deleted", orphans));
            }
        }
    }
}
