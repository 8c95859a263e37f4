package dev.paas.cli;

import dev.paas.cli.core.CliException;
import dev.paas.cli.core.FileProbe;
import dev.paas.cli.core.InputException;
import dev.paas.cli.core.PushFlags;
import dev.paas.cli.core.PushPlan;
import dev.paas.cli.core.PushPlanner;
import dev.paas.cli.core.Text;
import dev.paas.pushrules.Manifest;
import dev.paas.pushrules.ManifestException;
import dev.paas.pushrules.ManifestReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code paas push}: reads the manifest (a Cloud Foundry {@code manifest.yml}, unchanged), merges
 * the flags over it, checks everything, and only then talks to the control plane, app by app,
 * through {@link PushRunner}.
 */
@Command(name = "push", description = "Push an app: create or update it, map its routes, upload its bits, stage "
        + "them into an image and start it. Reads ./manifest.yml when there is one; flags override it.",
        footer = {"", "Examples:",
                "  paas push hello -p target/hello.jar -m 512M -i 2",
                "  paas push                    # every app of ./manifest.yml",
                "  paas push api -f deploy/manifest.yml --var env=prod",
                "",
                "  paas push -f manifest.yml    # several apps: all checked before any is changed",
                "  PAAS_DOCKER_PASSWORD=... paas push web --docker-image registry.example.com/team/web:1.0 \\",
                "      --docker-username robot  # an OCI image instead of bits (pulled at every staging)",
                "",
                "Manifest attributes: name, path, memory, disk_quota, instances, command,",
                "env, routes (- route: HOST[/PATH]), random-route, no-route,",
                "health-check-type (port, http, process; none = process),",
                "health-check-http-endpoint, timeout, buildpacks (or buildpack),",
                "stack (cflinuxfs3/4), processes (type: web folds into the app; worker",
                "or any other type needs its command, and runs with no route), and the",
                "deprecated host, hosts, domain, domains, no-hostname, docker (image,",
                "username; the password from PAAS_DOCKER_PASSWORD or CF_DOCKER_PASSWORD).",
                "paas extensions: idle-timeout (scale to zero), clones (false: no snapshot clones).",
                "Refused: inherit, top-level app attributes.",
                "Other attributes are ignored with a warning."})
final class PushCommand extends BaseCommand {

    private static final List<String> ADJECTIVES = List.of("brave", "calm", "eager", "fuzzy", "happy", "jolly",
            "kind", "lucky", "merry", "nimble", "proud", "quiet", "rapid", "shiny", "sunny", "witty");
    private static final List<String> NOUNS = List.of("badger", "bison", "crane", "dingo", "eagle", "ferret", "gecko",
            "heron", "ibis", "koala", "lemur", "marmot", "otter", "panda", "quokka", "walrus");

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The app (required without a manifest; picks one "
            + "app of a manifest that has several).")
    String name;
    @Option(names = {"-p", "--path"}, paramLabel = "PATH", description = "The bits: a directory (zipped), a jar, a "
            + "binary or a file (default: the manifest's path, else the current directory).")
    String path;
    @Option(names = {"-c", "--command"}, paramLabel = "CMD", description = "Start command (else the buildpack's).")
    String command;
    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "Memory per instance, e.g. 256M, 1G.")
    String memory;
    @Option(names = {"-i", "--instances"}, paramLabel = "N", description = "Number of instances (0-100).")
    Integer instances;
    @Option(names = {"-f", "--manifest"}, paramLabel = "FILE", description = "Manifest to read (default: "
            + "./manifest.yml when it exists).")
    String manifestFile;
    @Option(names = "--no-manifest", description = "Ignore ./manifest.yml.")
    boolean noManifest;
    @Option(names = "--no-route", description = "Map no route (the app gets no URL).")
    Boolean noRoute;
    @Option(names = "--random-route", description = "Map NAME-<two random words>.<domain> when no route is given.")
    Boolean randomRoute;
    @Option(names = {"-u", "--health-check-type"}, paramLabel = "TYPE", description = "port, http, process (or none).")
    String healthCheckType;
    @Option(names = "--endpoint", paramLabel = "PATH", description = "Path of the http health check, e.g. /health.")
    String endpoint;
    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "Seconds an instance may take to become "
            + "healthy (1-180).")
    Integer timeout;
    @Option(names = {"-b", "--buildpack"}, paramLabel = "BUILDPACK", description = "java_buildpack, "
            + "staticfile_buildpack, binary_buildpack (their git/zip URLs and forks too), or java, static, native.")
    String buildpack;
    @Option(names = {"-s", "--stack"}, paramLabel = "STACK", description = "cflinuxfs4 or cflinuxfs3 (both mean paas's "
            + "images).")
    String stack;
    @Option(names = {"-k", "--disk"}, paramLabel = "SIZE", description = "Disk quota per instance, e.g. 1G: the "
            + "app's writable space in its VM (default 1G).")
    String diskQuota;
    @Option(names = {"-o", "--docker-image"}, paramLabel = "REF", description = "An OCI/Docker image to run instead of "
            + "bits, [registry/]name[:tag][@digest]; pulled when staged (a restage pulls again). Not with -p or -b.")
    String dockerImage;
    @Option(names = "--docker-username", paramLabel = "USER", description = "Registry user for --docker-image; the "
            + "password comes from $PAAS_DOCKER_PASSWORD (or $CF_DOCKER_PASSWORD).")
    String dockerUsername;
    @Option(names = "--clones", negatable = true, description = "--no-clones: every instance boots cold and none is "
            + "snapshotted (snapshot clones off; the manifest's clones: false); --clones turns them on again (the default).")
    Boolean clones;
    @Option(names = "--no-start", description = "Create or update the app, map its routes and upload its bits; do not "
            + "stage or start it.")
    boolean noStart;
    @Option(names = "--no-wait", description = "Do not wait for the instances to run once the app is started.")
    boolean noWait;
    @Option(names = "--strategy", paramLabel = "STRATEGY", description = "rolling (the default and only strategy: "
            + "instances of the new revision replace the old ones one by one).")
    String strategy;
    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Value for ((NAME)) in the manifest (repeatable).")
    List<String> vars = new ArrayList<>();
    @Option(names = "--vars-file", paramLabel = "FILE", description = "YAML file of values for ((vars)) (repeatable; "
            + "--var wins).")
    List<String> varsFiles = new ArrayList<>();

    @Override
    protected void run() {
        List<String> warnings = new ArrayList<>();
        Manifest manifest = readManifest();
        if (manifest != null) {
            warnings.addAll(manifest.warnings());
        } else if (!vars.isEmpty() || !varsFiles.isEmpty()) {
            warnings.add("--var and --vars-file are ignored: there is no manifest");
        }
        if (strategy != null && !strategy.strip().equals("rolling")) {
            throw new InputException("--strategy: '" + strategy + "' is not a strategy paas has; use rolling (the "
                    + "default) or leave it out");
        }
        Optional<String> dockerPassword = dockerPassword();
        PushFlags flags = new PushFlags(path, command, memory, instances, noRoute, randomRoute, healthCheckType,
                endpoint, timeout, buildpack, stack, diskQuota, dockerImage, dockerUsername, dockerPassword.isPresent(), clones);
        PushPlanner planner = new PushPlanner(probe(), domain(), randomWords(new SecureRandom()));
        List<PushPlan> plans;
        try {
            plans = planner.plan(manifest, name, flags, warnings);
        } finally {
            warnings.forEach(w -> note("warning: " + w));
        }
        Map<String, List<dev.paas.pushrules.ServiceBinding>> services = PushServices.check(api(), space(), manifest, plans);
        PushRunner runner = new PushRunner(this, api(), space(), noStart, noWait, dockerPassword);
        List<Map<String, Object>> results = new ArrayList<>();
        for (PushPlan plan : plans) {
            results.add(runner.push(plan, services.getOrDefault(plan.name(), List.of())));
        }
        if (json) {
            printJson(results.size() == 1 ? results.get(0) : Map.of("apps", results));
        }
    }

    /** Cloud Foundry's {@code CF_DOCKER_PASSWORD} under paas's name; either is read, paas's first. */
    private Optional<String> dockerPassword() {
        for (String name : List.of("PAAS_DOCKER_PASSWORD", "CF_DOCKER_PASSWORD")) {
            String v = cli().env().get(name);
            if (v != null && !v.isEmpty()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private Manifest readManifest() {
        if (noManifest) {
            if (manifestFile != null) {
                throw new InputException("-f and --no-manifest contradict each other: choose one");
            }
            return null;
        }
        Path file;
        String source;
        if (manifestFile != null) {
            file = cli().workDir().resolve(manifestFile);
            if (Files.isDirectory(file)) {
                file = file.resolve("manifest.yml");
            }
            source = manifestFile;
            if (!Files.isRegularFile(file)) {
                throw new InputException("-f: manifest '" + manifestFile + "' does not exist");
            }
        } else {
            Optional<Path> found = java.util.stream.Stream.of("manifest.yml", "manifest.yaml")
                    .map(cli().workDir()::resolve).filter(Files::isRegularFile).findFirst();
            if (found.isEmpty()) {
                return null;
            }
            file = found.get();
            source = file.getFileName().toString();
        }
        String label = source;
        String dir = file.toAbsolutePath().getParent().toString();
        String text = read(file, source);
        Map<String, String> values = readVars();
        return input(() -> ManifestReader.read(label, dir, text, values,
                v -> "pass --var " + v + "=VALUE or --vars-file FILE"));
    }

    private Map<String, String> readVars() {
        Map<String, String> all = new LinkedHashMap<>();
        for (String f : varsFiles) {
            Path p = cli().workDir().resolve(f);
            if (!Files.isRegularFile(p)) {
                throw new InputException("--vars-file: '" + f + "' does not exist");
            }
            String text = read(p, f);
            all.putAll(input(() -> ManifestReader.readVars(f, text)));
        }
        all.putAll(Text.pairs("--var", vars));
        return all;
    }

    /** What the shared reader refuses is bad input: every problem, exit code 2. */
    private static <T> T input(java.util.function.Supplier<T> reading) {
        try {
            return reading.get();
        } catch (ManifestException e) {
            throw new InputException(e.problems());
        }
    }

    private static String read(Path file, String source) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read " + source + ": " + e.getMessage(), CliException.USAGE);
        }
    }

    private FileProbe probe() {
        return (base, p) -> {
            String expanded = p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
            Path resolved = (base == null ? cli().workDir() : Path.of(base)).resolve(expanded).normalize();
            return Files.exists(resolved) ? Optional.of(resolved.toAbsolutePath().toString()) : Optional.empty();
        };
    }

    /** The domain of default routes; {@code localhost} resolves to loopback without any DNS set-up. */
    private String domain() {
        String d = cli().env().get("PAAS_DOMAIN");
        return d == null || d.isBlank() ? "localhost" : d;
    }

    static String randomWords(Random random) {
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(random.nextInt(NOUNS.size()));
    }
}
