package dev.paas.cli.core;

import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.pushrules.AppManifest;
import dev.paas.pushrules.AppRules;
import dev.paas.pushrules.Buildpacks;
import dev.paas.pushrules.IdleTimeout;
import dev.paas.pushrules.ByteSize;
import dev.paas.pushrules.Manifest;
import dev.paas.pushrules.Names;
import dev.paas.pushrules.RouteAddress;
import dev.paas.pushrules.Stacks;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Merges push flags over a manifest into validated {@link PushPlan}s, as {@code cf push} does:
 * flags win, a NAME picks one app of a multi-app manifest, and everything (every app of the
 * manifest, names, sizes, buildpacks, stacks, routes) is checked with the shared push rules
 * ({@code dev.paas.pushrules}) before anything is sent. Problems name the field and, for manifest
 * values, the file, line and column.
 */
public final class PushPlanner {

    private final FileProbe files;
    private final String defaultDomain;
    private final String randomSuffix;

    /**
     * @param defaultDomain domain of the default route {@code NAME.<domain>} when none is given
     * @param randomSuffix  words appended to the name for {@code random-route} (chosen by the caller)
     */
    public PushPlanner(FileProbe files, String defaultDomain, String randomSuffix) {
        this.files = files;
        this.defaultDomain = defaultDomain;
        this.randomSuffix = randomSuffix;
    }

    /**
     * The apps to push.
     *
     * @param manifest null when pushing from flags alone
     * @param name     the NAME argument, or null
     * @param warnings receives notes about ignored settings
     * @throws InputException with every problem found
     */
    public List<PushPlan> plan(Manifest manifest, String name, PushFlags flags, List<String> warnings) {
        List<AppManifest> selected = select(manifest, name, flags);
        List<String> problems = new ArrayList<>();
        List<PushPlan> plans = new ArrayList<>();
        for (AppManifest app : selected) {
            PushPlan p = merge(app, name, flags, manifest, problems, warnings);
            if (p != null) {
                plans.add(p);
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return plans;
    }

    private List<AppManifest> select(Manifest manifest, String name, PushFlags flags) {
        AppManifest blank = AppManifest.named(name);
        if (manifest == null) {
            if (name == null) {
                throw new InputException("name the app: paas push NAME [-p PATH] (or put a manifest.yml here)");
            }
            return List.of(blank);
        }
        List<AppManifest> apps = manifest.applications();
        if (name != null) {
            Optional<AppManifest> found = manifest.find(name);
            if (found.isPresent()) {
                return List.of(found.get());
            }
            if (apps.size() == 1 && apps.get(0).name() == null) {
                return List.of(apps.get(0));
            }
            throw new InputException("app '" + name + "' is not in " + manifest.source() + " (it has "
                    + String.join(", ", apps.stream().map(a -> String.valueOf(a.name())).toList()) + ")");
        }
        if (apps.size() > 1 && flags.anyAppFlag()) {
            throw new InputException(manifest.source() + " has " + apps.size() + " apps; flags such as -p, -m or -i "
                    + "apply to one: name it (paas push NAME ...)");
        }
        return apps;
    }

    private PushPlan merge(AppManifest app, String nameArg, PushFlags flags, Manifest manifest, List<String> problems,
                           List<String> warnings) {
        String src = manifest == null ? "push" : manifest.source();
        int before = problems.size();

        String name = nameArg != null ? nameArg : app.name();
        Names.dnsLabelProblem(name).ifPresent(p -> problems.add(where(app, "name", src, nameArg != null) + "name: " + p));

        PushPlan.Docker docker = DockerPlanner.plan(app, flags, src, problems);
        Optional<String> resolved = Optional.empty();
        if (docker == null) {
            String path = flags.path() != null ? flags.path() : app.path() != null ? app.path() : ".";
            String base = flags.path() == null && app.path() != null && manifest != null ? manifest.dir() : null;
            resolved = files.existing(base, path);
            if (resolved.isEmpty()) {
                problems.add(where(app, "path", src, flags.path() != null) + "path: '" + path + "' does not exist"
                        + (base != null ? " (relative to " + base + ")" : ""));
            }
        }

        String memory = size(app, "memory", flags.memory(), app.memory(), ByteSize::memory, src, problems);
        String disk = size(app, "disk_quota", flags.diskQuota(), app.diskQuota(), ByteSize::disk, src, problems);

        List<String> buildpackNames = flags.buildpack() != null ? List.of(flags.buildpack()) : app.buildpacks();
        Buildpacks.Result buildpack = Buildpacks.resolveAll(buildpackNames);
        if (buildpack.error() != null) {
            String attribute = app.locations().containsKey("buildpack") ? "buildpack" : "buildpacks";
            problems.add(where(app, attribute, src, flags.buildpack() != null) + attribute + ": " + buildpack.error());
        }
        String stack = flags.stack() != null ? flags.stack() : app.stack();
        Stacks.problem(stack).ifPresent(p -> problems.add(where(app, "stack", src, flags.stack() != null) + "stack: "
                + p));

        Integer instances = flags.instances() != null ? flags.instances() : app.instances();
        if (instances != null) {
            AppRules.instancesProblem(instances).ifPresent(p -> problems.add(where(app, "instances", src,
                    flags.instances() != null) + "instances: " + p));
        }

        String command = flags.command() != null ? flags.command() : app.command();
        AppRules.commandProblem(command).ifPresent(p -> problems.add(where(app, "command", src,
                flags.command() != null) + "command: " + p));

        Map<String, String> env = app.env() == null ? null : new LinkedHashMap<>(app.env());
        if (env != null) {
            env.keySet().forEach(k -> Names.envNameProblem(k).ifPresent(p ->
                    problems.add(where(app, "env", src, false) + "env: " + p)));
        }

        HealthCheck health = health(app, flags, src, problems, warnings);
        List<PushPlan.ProcessPlan> processes = ProcessPlanner.plan(app, problems);
        List<RouteAddress> routes = routes(app, name, flags, src, problems, warnings);
        boolean noRoute = Boolean.TRUE.equals(flags.noRoute() != null ? flags.noRoute() : app.noRoute());

        Integer idleTimeout = null;
        if (app.idleTimeout() != null) {
            IdleTimeout.Result r = IdleTimeout.parse(app.idleTimeout());
            idleTimeout = r.seconds().orElse(null);
            if (r.error() != null) {
                problems.add(where(app, "idle-timeout", src, false) + "idle-timeout: " + r.error());
            }
        }

        if (problems.size() > before) {
            return null;
        }
        return new PushPlan(name, resolved.orElse(null), memory, instances, command, env, health, routes, noRoute,
                buildpack.runtime().map(List::of).orElse(List.of()), disk, processes, docker, idleTimeout,
                flags.clones() != null ? flags.clones() : app.clones());
    }

    /** A memory or disk size, flag over manifest, in its canonical spelling; null when neither is given. */
    private static String size(AppManifest app, String attribute, String flag, String written,
                               Function<String, ByteSize.Result> rule, String src, List<String> problems) {
        String text = flag != null ? flag : written;
        if (text == null) {
            return null;
        }
        ByteSize.Result r = rule.apply(text);
        if (r.size().isEmpty()) {
            problems.add(where(app, attribute, src, flag != null) + attribute + ": " + r.error());
            return null;
        }
        return r.size().get().toString();
    }

    private HealthCheck health(AppManifest app, PushFlags flags, String src, List<String> problems,
                               List<String> warnings) {
        String typeText = flags.healthCheckType() != null ? flags.healthCheckType() : app.healthCheckType();
        String endpoint = flags.healthCheckHttpEndpoint() != null ? flags.healthCheckHttpEndpoint()
                : app.healthCheckHttpEndpoint();
        Integer timeout = flags.timeout() != null ? flags.timeout() : app.timeout();
        HealthCheckType type = null;
        if (typeText != null) {
            type = healthCheckType(typeText);
            if (type == null) {
                problems.add(where(app, "health-check-type", src, flags.healthCheckType() != null)
                        + "health-check-type: '" + typeText + "' is not one of port, http, process (or none)");
            }
        }
        if (endpoint != null) {
            Optional<String> bad = AppRules.endpointProblem(endpoint);
            if (bad.isPresent()) {
                problems.add(where(app, "health-check-http-endpoint", src, flags.healthCheckHttpEndpoint() != null)
                        + "health-check-http-endpoint: " + bad.get());
            } else if (type != null && type != HealthCheckType.HTTP) {
                warnings.add(where(app, "health-check-http-endpoint", src, flags.healthCheckHttpEndpoint() != null)
                        + "health-check-http-endpoint is ignored: the health check type is "
                        + type.name().toLowerCase(Locale.ROOT));
                endpoint = null;
            }
        }
        if (timeout != null) {
            AppRules.timeoutProblem(timeout).ifPresent(p -> problems.add(where(app, "timeout", src,
                    flags.timeout() != null) + "timeout: " + p));
        }
        if (type == null && endpoint == null && timeout == null) {
            return null;
        }
        return new HealthCheck(type, endpoint, timeout);
    }

    private List<RouteAddress> routes(AppManifest app, String name, PushFlags flags, String src,
                                      List<String> problems, List<String> warnings) {
        boolean noRoute = Boolean.TRUE.equals(flags.noRoute() != null ? flags.noRoute() : app.noRoute());
        boolean random = Boolean.TRUE.equals(flags.randomRoute() != null ? flags.randomRoute() : app.randomRoute());
        List<String> written = app.routes() == null ? List.of() : app.routes();
        if (noRoute) {
            if (!written.isEmpty()) {
                warnings.add(where(app, "no-route", src, Boolean.TRUE.equals(flags.noRoute()))
                        + "no-route is set: the app's routes are not mapped");
            }
            return List.of();
        }
        List<RouteAddress> out = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            try {
                out.add(RouteAddress.parse(written.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(where(app, "routes[" + i + "]", src, false) + "route: " + e.getMessage());
            }
        }
        if (app.hosts() != null || app.domains() != null || app.noHostname() != null) {
            out.addAll(legacyRoutes(app, name, src, problems));
        }
        if (!out.isEmpty() || name == null || Names.dnsLabelProblem(name).isPresent()) {
            return out;
        }
        String host = name;
        if (random) {
            String stem = name.substring(0, Math.min(name.length(), 62 - randomSuffix.length()));
            host = stem.replaceAll("-+$", "") + "-" + randomSuffix;
        }
        return List.of(new RouteAddress(host + "." + defaultDomain, ""));
    }

    /**
     * cf v6's route components: every host of {@code host}/{@code hosts} (default: the app's name)
     * on every domain of {@code domain}/{@code domains} (default: the default domain); with
     * {@code no-hostname: true}, the domains themselves.
     */
    private List<RouteAddress> legacyRoutes(AppManifest app, String name, String src, List<String> problems) {
        List<String> domains = app.domains() == null ? List.of(defaultDomain) : app.domains();
        boolean noHostname = Boolean.TRUE.equals(app.noHostname());
        List<String> hosts = noHostname ? List.of("") : app.hosts() != null ? app.hosts()
                : name == null ? List.of() : List.of(name);
        List<RouteAddress> out = new ArrayList<>();
        for (String host : hosts) {
            for (String domain : domains) {
                String attribute = app.hosts() != null && !noHostname ? (app.locations().containsKey("host") ? "host"
                        : "hosts") : app.locations().containsKey("domain") ? "domain" : "domains";
                try {
                    RouteAddress r = RouteAddress.parse(host.isEmpty() ? domain : host + "." + domain);
                    if (!out.contains(r)) {
                        out.add(r);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(where(app, attribute, src, false) + attribute + ": " + e.getMessage());
                }
            }
        }
        return out;
    }

    /** Cloud Foundry's health check type names ({@code none} is v6's {@code process}); null when unknown. */
    static HealthCheckType healthCheckType(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "port" -> HealthCheckType.PORT;
            case "http" -> HealthCheckType.HTTP;
            case "process", "none" -> HealthCheckType.PROCESS;
            default -> null;
        };
    }

    static String where(AppManifest app, String attribute, String src, boolean fromFlag) {
        if (fromFlag) {
            return "";
        }
        String loc = app.locationOf(attribute, null);
        return loc == null ? "" : loc + ": ";
    }
}
