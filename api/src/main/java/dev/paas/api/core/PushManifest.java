package dev.paas.api.core;

import dev.paas.model.ErrorCode;
import dev.paas.pushrules.AppManifest;
import dev.paas.pushrules.AppRules;
import dev.paas.pushrules.Buildpacks;
import dev.paas.pushrules.ByteSize;
import dev.paas.pushrules.Manifest;
import dev.paas.pushrules.ManifestException;
import dev.paas.pushrules.ManifestReader;
import dev.paas.pushrules.Names;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the push page takes from a Cloud Foundry {@code manifest.yml}: one application's name,
 * memory, instances, buildpack, routes and {@code no-route}. A thin adapter over the shared
 * {@link ManifestReader}, so the page refuses what {@code paas push} refuses, with the same
 * message ({@code manifest.yml, line 3, column 11: ...}). The rest of the application (env,
 * services, ...) is listed in {@code ignored}: it is {@code paas push}'s. Every refusal is an {@link ApiException} whose
 * message starts with {@value #FIELD}.
 *
 * @param name         the application's name
 * @param memory       canonical size ({@code 1G}, {@code 256M}); null when the manifest has none
 * @param instances    null when the manifest has none
 * @param buildpack    paas's runtime ({@code java_buildpack} is read as {@code java}); null: detect
 * @param routes       {@code routes:} as {@code host[/path]}, lowercase, checked as the routes API checks them;
 *                     null when the manifest has none (the push then maps {@code NAME.<domain>}, as {@code paas push})
 * @param noRoute      {@code no-route: true}: map no route at all; null when the manifest does not say
 * @param applications every application's name, in manifest order
 * @param ignored      the application's attributes the push page does not use
 */
public record PushManifest(String name, String memory, Integer instances, String buildpack, List<String> routes,
                           Boolean noRoute, List<String> applications, List<String> ignored) {

    static final String FIELD = "manifest.yml";
    /** Manifests are a few hundred bytes; this bounds what a request can make us parse. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final Set<String> USED = Set.of("name", "memory", "instances", "buildpacks", "buildpack", "routes",
            "no-route");
    /** A {@code ((var))} left in a value: the push page takes no vars. */
    private static final Pattern VAR = Pattern.compile("\\(\\(([A-Za-z0-9_.-]+)\\)\\)");

    public PushManifest {
        routes = routes == null ? null : List.copyOf(routes);
        applications = List.copyOf(applications);
        ignored = List.copyOf(ignored);
    }

    /**
     * Reads {@code text}: its only application, or the one named {@code choice} (when the manifest
     * has several, one of them must be named; with one, {@code choice} is not needed).
     */
    public static PushManifest read(String text, String choice) {
        Manifest manifest;
        try {
            // Vars stay as written: only the attributes the page uses must not have any (checked below).
            manifest = ManifestReader.read(FIELD, null, text, Map.of(), null);
        } catch (ManifestException e) {
            throw refused(e.getMessage());
        }
        List<AppManifest> apps = manifest.applications();
        for (int i = 0; i < apps.size(); i++) {
            if (apps.get(i).name() == null) {
                throw refused(apps.get(i).locationOf(AppManifest.ENTRY, FIELD) + ": applications[" + i + "] has no name");
            }
        }
        List<String> names = apps.stream().map(AppManifest::name).toList();
        int index = choice == null || choice.isBlank() ? -1 : names.indexOf(choice.strip());
        if (index < 0 && names.size() == 1) {
            index = 0;
        }
        if (index < 0) {
            throw refused(FIELD + ": has " + names.size() + " applications (" + String.join(", ", names) + ")"
                    + (choice == null || choice.isBlank() ? "" : " and none is named '" + Names.abbreviate(choice.strip()) + "'")
                    + "; choose one: put its name in Name, then choose the manifest again");
        }
        return app(apps.get(index), names);
    }

    private static PushManifest app(AppManifest app, List<String> names) {
        if (app.docker() != null) {
            throw refused(app.locationOf("docker", FIELD) + ": docker: the push page pushes bits from a file; push an image with "
                    + "'paas push -f manifest.yml' or 'paas push " + app.name() + " --docker-image REF'");
        }
        noVars(app, "name", app.name());
        noVars(app, "memory", app.memory());
        if (app.buildpacks() != null) {
            app.buildpacks().forEach(b -> noVars(app, app.attributes().contains("buildpack") ? "buildpack" : "buildpacks", b));
        }
        check(app, "name", Names.dnsLabelProblem(app.name()));
        String memory = null;
        if (app.memory() != null) {
            ByteSize.Result r = ByteSize.memory(app.memory());
            check(app, "memory", Optional.ofNullable(r.error()));
            memory = r.size().orElseThrow().toString();
        }
        Integer instances = app.instances();
        if (instances != null) {
            check(app, "instances", AppRules.instancesProblem(instances));
        }
        Buildpacks.Result bp = Buildpacks.resolveAll(app.buildpacks());
        String attribute = app.attributes().contains("buildpack") ? "buildpack" : "buildpacks";
        check(app, attribute, Optional.ofNullable(bp.error()));
        List<String> ignored = app.attributes().stream().filter(k -> !USED.contains(k)).toList();
        return new PushManifest(app.name(), memory, instances, bp.runtime().orElse(null), routes(app), app.noRoute(),
                names, ignored);
    }

    /** {@code routes: [{route: shop.example.com/api}]} → {@code shop.example.com/api}, checked as {@link RouteSpec} checks. */
    private static List<String> routes(AppManifest app) {
        if (app.routes() == null) {
            return null;
        }
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < app.routes().size(); i++) {
            String r = app.routes().get(i).strip();
            noVars(app, "routes", r);
            int slash = r.indexOf('/');
            try {
                RouteSpec spec = slash < 0 ? RouteSpec.of(r, null) : RouteSpec.of(r.substring(0, slash), r.substring(slash));
                out.add(spec.host() + spec.path());
            } catch (ApiException e) {
                throw refused(app.locationOf("routes", FIELD) + ": routes[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    /** {@code ((var))} needs {@code --var} or {@code --vars-file}, which only the CLI takes. */
    private static void noVars(AppManifest app, String attribute, String value) {
        Matcher m = VAR.matcher(value == null ? "" : value);
        if (m.find()) {
            throw refused(app.locationOf(attribute, FIELD) + ": no value for ((" + m.group(1) + ")); the push page takes "
                    + "no vars: write the value here or use paas push --var " + m.group(1) + "=VALUE");
        }
    }

    /** Refuses {@code problem} of {@code attribute}, where the manifest has it, as {@code paas push} words it. */
    private static void check(AppManifest app, String attribute, Optional<String> problem) {
        problem.ifPresent(p -> {
            throw refused(app.locationOf(attribute, FIELD) + ": " + attribute + ": " + p);
        });
    }

    /** The reader's message is whole (it starts with {@value #FIELD}), so it is not prefixed again. */
    private static ApiException refused(String message) {
        return new ApiException(ErrorCode.INVALID_FIELD, message);
    }
}
