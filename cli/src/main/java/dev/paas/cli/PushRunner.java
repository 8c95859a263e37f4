package dev.paas.cli;

import dev.paas.cli.core.AppRendering;
import dev.paas.cli.core.CliException;
import dev.paas.cli.core.Progress;
import dev.paas.cli.core.PushPlan;
import dev.paas.pushrules.RouteAddress;
import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.ApiException;
import dev.paas.cli.infra.Bits;
import dev.paas.cli.infra.Stager;
import dev.paas.cli.infra.Uploader;
import dev.paas.model.AppState;
import dev.paas.model.AppView;
import dev.paas.model.CreateAppRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.InstanceState;
import dev.paas.model.InstanceView;
import dev.paas.model.RouteView;
import dev.paas.model.UpdateAppRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One app's push, in Cloud Foundry's order: pack the bits (local, so a bad path fails before any
 * change), create or update the app, map its routes, upload, stage (streaming {@code STG}
 * lines), start, and wait until the new revision's instances run. A crash or a timeout ends the
 * push with the reason and a non-zero exit code.
 *
 * <p>Everything the CLI can check is checked before this runs ({@code PushPlanner}). Unlike
 * {@code cf push}, an app this push created is removed again (with the routes it created) when a
 * step the CLI could not foresee is refused: a route owned by another space (409), the upload, or
 * staging. The app has no revision yet, so nothing of value is lost, and a refused push leaves
 * nothing behind. An existing app is never removed and keeps serving its previous revision.
 */
final class PushRunner {

    /** Boot of a microVM under TCG plus an image download: generous on top of the health timeout. */
    private static final Duration START_MARGIN = Duration.ofSeconds(120);

    private final BaseCommand cmd;
    private final ApiClient api;
    private final String space;
    private final boolean noStart;
    private final boolean noWait;
    private final Optional<String> dockerPassword;

    /**
     * @param noStart {@code --no-start}: stop after the upload (no staging, no start)
     * @param noWait  {@code --no-wait}: start, but do not wait for the instances to run
     */
    PushRunner(BaseCommand cmd, ApiClient api, String space, boolean noStart, boolean noWait) {
        this(cmd, api, space, noStart, noWait, Optional.empty());
    }

    /** @param dockerPassword the registry password for a plan with a docker username (from the environment) */
    PushRunner(BaseCommand cmd, ApiClient api, String space, boolean noStart, boolean noWait, Optional<String> dockerPassword) {
        this.dockerPassword = dockerPassword;
        this.cmd = cmd;
        this.api = api;
        this.space = space;
        this.noStart = noStart;
        this.noWait = noWait;
    }

    Map<String, Object> push(PushPlan plan) {
        return push(plan, List.of());
    }

    /** As {@link #push(PushPlan)}, binding {@code services} (checked by {@code PushServices}) before staging. */
    Map<String, Object> push(PushPlan plan, List<dev.paas.pushrules.ServiceBinding> services) {
        Cli cli = cmd.cli();
        Progress progress = cmd.json ? Progress.NONE : new ConsoleProgress(cli.err(), cli.interactive());
        Bits bits = plan.docker() == null ? Bits.of(Path.of(plan.path()), progress) : null;
        try {
            Optional<AppView> existing = find(plan.name());
            AppView app = ensureApp(plan, existing);
            List<RouteView> createdRoutes = new ArrayList<>();
            Stager.Revision revision = null;
            try {
                for (PushPlan.ProcessPlan p : plan.processes()) {
                    say("process " + p.type() + " of " + plan.name());
                    api.put(cmd.appPath(plan.name()) + "/processes/" + ApiClient.seg(p.type()), p.request());
                }
                for (RouteAddress r : plan.routes()) {
                    RouteView mapped = RouteCommands.map(api, space, plan.name(), r, createdRoutes::add);
                    say("route " + RouteCommands.display(mapped) + " -> " + plan.name());
                }
                PushServices.bind(cmd, api, plan.name(), services, this::say);
                Uploader.PackageRef pkg = plan.docker() == null
                        ? cli.uploaders().apply(api).upload(space, plan.name(), bits, progress)
                        : dockerPackage(plan);
                if (!noStart) {
                    say("staging " + plan.name() + "...");
                    revision = cli.stagers().apply(api).stage(space, plan.name(), pkg, plan.buildpacks(),
                            line -> out(line));
                }
            } catch (RuntimeException e) {
                if (existing.isEmpty()) {
                    undoCreate(plan.name(), createdRoutes);
                }
                throw e;
            }
            if (!noStart && app.state() != AppState.STARTED) {
                app = api.post(cmd.appPath(plan.name()) + "/start", null).as(AppView.class);
            }
            List<InstanceView> instances = noStart || noWait
                    ? api.get(cmd.appPath(plan.name()) + "/instances").as(AppCommands.INSTANCES)
                    : waitForInstances(plan.name(), app, revision.version());
            if (noStart) {
                say(plan.name() + " is not staged or started (--no-start); " + (existing.isEmpty()
                        ? "'paas restage " + plan.name() + "' stages and starts it"
                        : "push again without --no-start to stage and roll out this package"));
            }
            List<RouteView> routes = RouteCommands.routesOf(api, space, plan.name());
            if (!cmd.json) {
                cmd.println("");
                cmd.print(AppRendering.details(app, instances, routes, cli.clock().instant()));
                if (!plan.processes().isEmpty()) {
                    cmd.print(AppRendering.processes(AppCommands.Info.processes(api, cmd.appPath(plan.name())),
                            cli.clock().instant()));
                }
                routes.forEach(r -> cmd.println("url: " + RouteCommands.url(r)));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("app", app);
            result.put("revision", revision);
            result.put("instances", instances);
            result.put("routes", routes);
            if (!plan.processes().isEmpty()) {
                result.put("processes", AppCommands.Info.processes(api, cmd.appPath(plan.name())));
            }
            return result;
        } finally {
            if (bits != null) {
                bits.discard();
            }
        }
    }

    /** A docker package: the image is pulled when staged; the password goes to the control plane only. */
    private Uploader.PackageRef dockerPackage(PushPlan plan) {
        Map<String, Object> docker = new LinkedHashMap<>();
        docker.put("image", plan.docker().image());
        if (plan.docker().username() != null) {
            docker.put("username", plan.docker().username());
            docker.put("password", dockerPassword.orElseThrow());
        }
        var pkg = api.post(cmd.appPath(plan.name()) + "/packages", Map.of("docker", docker)).tree();
        say("docker image " + pkg.path("dockerImage").asText(plan.docker().image())
                + (plan.docker().username() == null ? "" : " (registry user " + plan.docker().username() + ")"));
        return new Uploader.PackageRef(pkg.get("id").asText(), null);
    }

    private Optional<AppView> find(String name) {
        try {
            return Optional.of(api.get(cmd.appPath(name)).as(AppView.class));
        } catch (ApiException e) {
            if (!e.is(ErrorCode.NOT_FOUND)) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /**
     * Removes the app this push created and the routes it created for it (routes that existed
     * before are only unmapped, by the app's deletion). Best effort: the push's own error is what
     * the user sees; a failed clean-up is a warning naming what is left.
     */
    private void undoCreate(String name, List<RouteView> createdRoutes) {
        try {
            for (RouteView r : createdRoutes) {
                api.delete(RouteCommands.routesPath(space) + "/" + r.id());
            }
            api.delete(cmd.appPath(name));
            say("removed app " + name + ", which this push created");
        } catch (RuntimeException e) {
            // On stderr even with --json: it names what the failed push left behind.
            cmd.note("warning: could not remove app " + name + " after the failed push (" + e.getMessage()
                    + "); 'paas delete " + name + " -f' does");
        }
    }

    private AppView ensureApp(PushPlan plan, Optional<AppView> existing) {
        String path = cmd.appPath(plan.name());
        if (existing.isEmpty()) {
            say("creating app " + plan.name() + " in space " + space);
            AppView created = api.post("/v1/spaces/" + ApiClient.seg(space) + "/apps", new CreateAppRequest(plan.name(),
                    plan.instances(), plan.memory(), plan.command(), plan.env(), plan.healthCheck(), plan.diskQuota()))
                    .as(AppView.class);
            boolean idle = plan.idleTimeoutSeconds() != null && plan.idleTimeoutSeconds() != 0;
            boolean noClones = Boolean.FALSE.equals(plan.clones());
            if (!idle && !noClones) {
                return created;
            }
            return AppUpdates.update(api, path, cur -> new UpdateAppRequest(null, null, null, null, null, null, null,
                    idle ? plan.idleTimeoutSeconds() : null, noClones ? false : null));
        }
        boolean changes = plan.instances() != null || plan.memory() != null || plan.command() != null
                || plan.env() != null || plan.healthCheck() != null || plan.diskQuota() != null
                || plan.idleTimeoutSeconds() != null || plan.clones() != null;
        if (!changes) {
            say("updating app " + plan.name() + " (settings unchanged)");
            return existing.get();
        }
        say("updating app " + plan.name() + " in space " + space);
        return AppUpdates.update(api, path, cur -> {
            Map<String, String> env = null;
            if (plan.env() != null) {
                // As cf push: manifest variables are added to the app's, not a replacement of them.
                env = new LinkedHashMap<>(cur.env() == null ? Map.of() : cur.env());
                env.putAll(plan.env());
            }
            return new UpdateAppRequest(null, plan.instances(), plan.memory(), plan.command(), env, plan.healthCheck(),
                    plan.diskQuota(), plan.idleTimeoutSeconds(), plan.clones());
        });
    }

    /** Waits until {@code app}'s instances run {@code revision} ("1 of 3 running"); a crash or the time-out ends it. */
    List<InstanceView> waitForInstances(String name, AppView app, long revision) {
        String path = cmd.appPath(name) + "/instances";
        if (app.instances() == 0) {
            return api.get(path).as(AppCommands.INSTANCES);
        }
        int timeout = app.healthCheck() != null && app.healthCheck().timeout() != null ? app.healthCheck().timeout() : 60;
        Instant deadline = cmd.cli().clock().instant().plus(START_MARGIN).plusSeconds(timeout);
        String last = "";
        String lastPending = "";
        while (true) {
            List<InstanceView> instances = api.get(path).as(AppCommands.INSTANCES);
            List<InstanceView> current = instances.stream()
                    .filter(i -> i.revision() == null || i.revision() == revision).toList();
            long running = current.stream().filter(i -> i.state() == InstanceState.RUNNING).count();
            String status = running + " of " + app.instances() + " running";
            if (!status.equals(last)) {
                say(status);
                last = status;
            }
            if (running >= app.instances()) {
                return instances;
            }
            // The scheduler knows at once when no node can take an instance: say it now, not at the time-out.
            String pending = current.stream().filter(i -> i.placementError() != null && !i.placementError().isBlank())
                    .map(i -> "instance " + i.index() + " " + AppRendering.pending(i.placementError())).findFirst().orElse("");
            if (!pending.isEmpty() && !pending.equals(lastPending)) {
                say(pending);
            }
            lastPending = pending;
            Optional<InstanceView> crashed = current.stream().filter(i -> i.state() == InstanceState.CRASHED).findFirst();
            if (crashed.isPresent()) {
                InstanceView c = crashed.get();
                throw new CliException("instance " + c.index() + " of " + name + " crashed"
                        + (c.lastExit() == null ? "" : ": " + c.lastExit()) + "; see 'paas logs " + name + " --recent'");
            }
            if (cmd.cli().clock().instant().isAfter(deadline)) {
                throw new CliException(name + " did not start in time: " + status + (pending.isEmpty() ? "" : "; " + pending)
                        + "; see 'paas app " + name
                        + "' and 'paas logs " + name + " --recent'");
            }
            sleep(cmd.cli().pollInterval());
        }
    }

    private void say(String line) {
        if (!cmd.json) {
            cmd.note(line);
        }
    }

    private void out(String line) {
        if (!cmd.json) {
            cmd.println(line);
            cmd.cli().out().flush();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
