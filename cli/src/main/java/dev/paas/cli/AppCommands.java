package dev.paas.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.paas.cli.core.AppRendering;
import dev.paas.cli.core.CliException;
import dev.paas.cli.core.InputException;
import dev.paas.cli.core.Table;
import dev.paas.cli.core.Text;
import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.ApiException;
import dev.paas.cli.infra.HttpStager;
import dev.paas.cli.infra.Stager;
import dev.paas.model.AppMetricsView;
import dev.paas.model.AppView;
import dev.paas.model.RevisionView;
import dev.paas.model.CreateAppRequest;
import dev.paas.model.InstanceState;
import dev.paas.model.InstanceView;
import dev.paas.model.ProcessRequest;
import dev.paas.model.ProcessView;
import dev.paas.model.Page;
import dev.paas.model.RouteView;
import dev.paas.model.UpdateAppRequest;
import dev.paas.pushrules.IdleTimeout;
import dev.paas.pushrules.ProcessTypes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Apps of the targeted space: list, show, create, scale, start, stop, restart, delete. */
final class AppCommands {

    static final TypeReference<List<ProcessView>> PROCESSES = new TypeReference<>() {
    };
    static final TypeReference<List<InstanceView>> INSTANCES = new TypeReference<>() {
    };

    private AppCommands() {
    }

    @Command(name = "apps", description = "List the apps of the targeted space.",
            footer = {"", "Example:", "  paas apps", "  paas apps --json | jq -r '.items[].name'"})
    static final class Apps extends BaseCommand {
        @Override
        protected void run() {
            ApiClient api = api();
            Page<AppView> page = api.all("/v1/spaces/" + ApiClient.seg(space()) + "/apps", AppView.class);
            if (json) {
                printJson(page);
                return;
            }
            // As 'cf apps': running/desired instances and the routes, one call per app for the former.
            List<RouteView> routes = page.items().isEmpty() ? List.of() : api.all(RouteCommands.routesPath(space()), RouteView.class).items();
            Table t = Table.of("name", "state", "instances", "memory", "routes", "updated");
            Instant now = cli().clock().instant();
            for (AppView a : page.items()) {
                long running = instances(api, appPath(a.name())).stream()
                        .filter(i -> i.state() == InstanceState.RUNNING).count();
                String urls = String.join(", ", routes.stream().filter(r -> a.name().equals(r.app()))
                        .map(RouteCommands::display).toList());
                t.row(a.name(), AppRendering.state(a), running + "/" + a.instances(), a.memory(), urls.isEmpty() ? "-" : urls,
                        Text.ago(a.updatedAt(), now));
            }
            print(t.isEmpty() ? "no apps in space " + space() + "; push one with 'paas push NAME -p PATH'\n" : t.render());
        }
    }

    @Command(name = "app", description = "Show an app: settings, routes, requests in the last 5 minutes (rate, 5xx, p50/p99), and each instance's state, node, memory, CPU and crashes.",
            footer = {"", "Example:", "  paas app hello"})
    static final class Info extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The app.")
        String name;

        @Override
        protected void run() {
            ApiClient api = api();
            AppView app = api.get(appPath(name)).as(AppView.class);
            List<InstanceView> instances = instances(api, appPath(name));
            List<RouteView> routes = RouteCommands.routesOf(api, space(), name);
            AppMetricsView metrics = metrics(api, appPath(name));
            List<ProcessView> processes = processes(api, appPath(name));
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("app", app);
                out.put("instances", instances);
                out.put("routes", routes);
                out.put("metrics", metrics);
                out.put("processes", processes);
                printJson(out);
                return;
            }
            print(AppRendering.details(app, instances, routes, metrics, cli().clock().instant()));
            print(AppRendering.processes(processes, cli().clock().instant()));
        }

        /** Every process type, web first; none from a control plane without process types (404 for an app just read). */
        static List<ProcessView> processes(ApiClient api, String appPath) {
            try {
                return api.get(appPath + "/processes").as(PROCESSES);
            } catch (ApiException e) {
                if (e.status() == 404) {
                    return List.of();
                }
                throw e;
            }
        }

        /** The app's metrics; null from a control plane that has none yet (404 for an app just read). */
        private static AppMetricsView metrics(ApiClient api, String appPath) {
            try {
                return api.get(appPath + "/metrics").as(AppMetricsView.class);
            } catch (ApiException e) {
                if (e.status() == 404) {
                    return null;
                }
                throw e;
            }
        }
    }

    @Command(name = "create-app", description = "Create an app without pushing bits (it starts stopped).",
            footer = {"", "Example:", "  paas create-app hello -m 512M -i 2"})
    static final class CreateApp extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "App name: lowercase letters, digits and '-'.")
        String name;
        @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "Memory per instance, e.g. 256M, 1G.")
        String memory;
        @Option(names = {"-i", "--instances"}, paramLabel = "N", description = "Number of instances.")
        Integer instances;
        @Option(names = {"-c", "--command"}, paramLabel = "CMD", description = "Start command (else the buildpack's).")
        String command;

        @Override
        protected void run() {
            ApiClient.Response r = api().post("/v1/spaces/" + ApiClient.seg(space()) + "/apps",
                    new CreateAppRequest(name, instances, memory, command, null, null));
            if (json) {
                printJson(r.tree());
                return;
            }
            AppView a = r.as(AppView.class);
            println("created app " + a.name() + " in space " + a.space() + ": " + a.instances() + " x " + a.memory()
                    + ", " + Text.lower(a.state()));
        }
    }

    @Command(name = "scale", description = "Change the number of instances, memory or disk of an app's process type "
            + "(web unless --process names another, as cf v7's 'cf scale APP --process TYPE').",
            footer = {"", "Example:", "  paas scale hello -i 3", "  paas scale hello -i 2 -m 512M",
                    "  paas scale hello --process worker -i 2 -m 128M -k 256M",
                    "  paas scale hello --idle-timeout 5m   # stop its instances after 5 minutes without a request",
                    "  paas scale hello --no-clones         # new instances boot cold, never from a snapshot",
                    "  paas scale hello          # show the current scale"})
    static final class Scale extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The app.")
        String name;
        @Option(names = {"-i", "--instances"}, paramLabel = "N", description = "Number of instances (0-100).")
        Integer instances;
        @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "Memory per instance, e.g. 512M (64M-8G).")
        String memory;
        @Option(names = {"-k", "--disk"}, paramLabel = "SIZE", description = "Disk quota per instance, e.g. 1G (64M-32G).")
        String disk;
        @Option(names = "--process", paramLabel = "TYPE", description = "The process type: web (the default), worker...")
        String process;
        @Option(names = "--idle-timeout", paramLabel = "DURATION", description = "Scale to zero: after this long without "
                + "a request (20s, 5m, 1h) the app's instances stop and the next request starts one; 0 = never (the default).")
        String idleTimeout;
        @Option(names = "--clones", negatable = true, description = "--no-clones: new instances boot cold and none is "
                + "snapshotted (snapshot clones off); --clones: they may start from a snapshot of a warm one (the default).")
        Boolean clones;

        @Override
        protected void run() {
            ApiClient api = api();
            Integer idleSeconds = idleTimeout == null ? null : IdleTimeout.parse(idleTimeout).seconds().orElseThrow(
                    () -> new InputException("--idle-timeout: " + IdleTimeout.parse(idleTimeout).error()));
            boolean change = instances != null || memory != null || disk != null || idleSeconds != null || clones != null;
            if (process != null) {
                ProcessTypes.problem(process).ifPresent(p -> {
                    throw new InputException("--process: " + p);
                });
            }
            if (idleSeconds != null && process != null && !process.equals("web")) {
                throw new InputException("--idle-timeout applies to the app (its routed web process), not to --process "
                        + process + "; leave out --process");
            }
            if (clones != null && process != null && !process.equals("web")) {
                throw new InputException((clones ? "--clones" : "--no-clones") + " applies to the app (all its process "
                        + "types), not to --process " + process + "; leave out --process");
            }
            if (process != null && !process.equals("web")) {
                scaleProcess(api, change);
                return;
            }
            AppView app = !change ? api.get(appPath(name)).as(AppView.class)
                    : AppUpdates.update(api, appPath(name),
                            cur -> new UpdateAppRequest(null, instances, memory, null, null, null, disk, idleSeconds,
                                    clones));
            if (json) {
                printJson(app);
                return;
            }
            String verb = change ? "scaled " : "";
            println(verb + app.name() + ": " + app.instances() + " instance" + (app.instances() == 1 ? "" : "s")
                    + " of " + app.memory() + (app.disk() == null ? "" : ", disk " + app.disk())
                    + (app.idleTimeoutSeconds() == 0 ? "" : ", idle timeout " + IdleTimeout.format(app.idleTimeoutSeconds()))
                    + (app.idle() ? " (idle: the next request starts an instance)" : "")
                    + (app.clonesAllowed() ? "" : ", snapshot clones off"));
        }

        /** A process type other than web: read first, so an unknown type is a 404 naming it, never a new process. */
        private void scaleProcess(ApiClient api, boolean change) {
            String path = appPath(name) + "/processes/" + ApiClient.seg(process);
            ProcessView p = api.get(path).as(ProcessView.class);
            if (change) {
                p = api.put(path, new ProcessRequest(p.version(), null, instances, memory, disk, null)).as(ProcessView.class);
            }
            if (json) {
                printJson(p);
                return;
            }
            println((change ? "scaled " : "") + name + " process " + p.type() + ": " + p.instances() + " instance"
                    + (p.instances() == 1 ? "" : "s") + " of " + p.memory() + ", disk " + p.disk());
        }
    }

    @Command(name = "start", description = "Start an app: the scheduler places its instances.",
            footer = {"", "Example:", "  paas start hello && paas app hello"})
    static final class Start extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The app.")
        String name;

        @Override
        protected void run() {
            ApiClient.Response r = api().post(appPath(name) + "/start", null);
            report(this, r, "started");
        }
    }

    @Command(name = "stop", description = "Stop an app: its instances are stopped, its settings kept.",
            footer = {"", "Example:", "  paas stop hello"})
    static final class Stop extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The app.")
        String name;

        @Override
        protected void run() {
            ApiClient.Response r = api().post(appPath(name) + "/stop", null);
            report(this, r, "stopped");
        }
    }

    @Command(name = "restart", description = "Restart an app without downtime and without staging: its current image "
            + "runs with the app's current environment (so set-env and unset-env apply) as a new revision; instances are "
            + "replaced one at a time, each new one healthy before an old one stops. A stopped app is started.",
            footer = {"", "Example:", "  paas set-env hello GREETING hi && paas restart hello"})
    static final class Restart extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The app.")
        String name;

        @Override
        protected void run() {
            ApiClient api = api();
            RevisionView revision = api.post(appPath(name) + "/restart", null).as(RevisionView.class);
            if (!json) {
                note("restarting " + name + ": revision " + revision.number() + " (image "
                        + revision.imageDigest().substring(0, Math.min(12, revision.imageDigest().length())) + ")...");
            }
            rolledOut(this, api, name, revision, revision.number(), "restarted");
        }
    }

    @Command(name = "restage", description = "Stage an app's current package again with its current settings (buildpack, "
            + "command, memory), then replace its instances one at a time, as a push does. Needed when a setting the "
            + "build reads changed; for env changes, restart is enough. An app pushed with --no-start and never staged stages "
            + "its newest package. A stopped app is started.",
            footer = {"", "Example:", "  paas restage hello"})
    static final class Restage extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The app.")
        String name;

        @Override
        protected void run() {
            ApiClient api = api();
            if (!json) {
                note("restaging " + name + ": staging its current package with the app's settings...");
            }
            Stager.Revision revision = new HttpStager(api).restage(space(), name, line -> {
                if (!json) {
                    println(line);
                }
            });
            rolledOut(this, api, name, revision, revision.version(), "restaged");
        }
    }

    /**
     * Waits until the app's instances run {@code number} (with the push's progress lines), then
     * prints the app, the revision and the instances ({@code --json}) or one line.
     */
    private static void rolledOut(BaseCommand c, ApiClient api, String name, Object revision, long number, String verb) {
        AppView app = api.get(c.appPath(name)).as(AppView.class);
        List<InstanceView> instances = new PushRunner(c, api, c.space(), false, false).waitForInstances(name, app, number);
        if (c.json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("app", app);
            result.put("revision", revision);
            result.put("instances", instances);
            c.printJson(result);
            return;
        }
        c.println(verb + " " + name + " (revision " + number + ", " + app.instances() + " instance"
                + (app.instances() == 1 ? "" : "s") + ")");
    }

    @Command(name = "delete", description = "Delete an app: its instances stop and its routes are unmapped.",
            footer = {"", "Example:", "  paas delete hello       # asks first", "  paas delete hello -f    # does not ask"})
    static final class Delete extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The app.")
        String name;
        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        boolean force;
        @Option(names = "--keep-routes", description = "Keep the app's routes in the space (unmapped).")
        boolean keepRoutes;

        @Override
        protected void run() {
            if (!force && !confirm("Really delete the app " + name + " and its routes in space " + space() + "?")) {
                throw new CliException("not deleted (answer y, or pass -f)");
            }
            // As 'cf delete -r': the routes go with the app unless asked to stay.
            List<dev.paas.model.RouteView> routes = keepRoutes ? List.of() : RouteCommands.routesOf(api(), space(), name);
            api().delete(appPath(name));
            for (dev.paas.model.RouteView r : routes) {
                api().delete(RouteCommands.routesPath(space()) + "/" + r.id());
            }
            if (json) {
                printJson(Map.of("deleted", name, "routesDeleted", routes.size()));
            } else {
                println("deleted app " + name + (routes.isEmpty() ? "" : " and " + routes.size() + " route" + (routes.size() == 1 ? "" : "s")));
            }
        }
    }

    private static void report(BaseCommand c, ApiClient.Response r, String verb) {
        if (c.json) {
            c.printJson(r.tree());
            return;
        }
        AppView a = r.as(AppView.class);
        c.println(verb + " " + a.name() + " (" + Text.lower(a.state()) + ", " + a.instances() + " instance"
                + (a.instances() == 1 ? "" : "s") + ")");
    }

    /** The app's instances; none from a control plane that does not report them yet. */
    static List<InstanceView> instances(ApiClient api, String appPath) {
        try {
            return api.get(appPath + "/instances").as(INSTANCES);
        } catch (ApiException e) {
            if (ReleaseCommands.missingEndpoint(e)) {
                return List.of();
            }
            throw e;
        }
    }
}
