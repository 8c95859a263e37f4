package dev.paas.imagefactory.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.core.AppFile;
import dev.paas.imagefactory.core.NodeApp;
import dev.paas.imagefactory.core.Procfile;
import dev.paas.imagefactory.core.Sizes;
import dev.paas.kernel.api.LaunchSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * node: the build host's node ({@link NodeRuntime}, stripped) at {@code /usr/bin/node} with its
 * shared libraries; dependencies installed at staging by the host's npm: {@code npm ci} with a
 * lockfile ({@code package-lock.json} or {@code npm-shrinkwrap.json}), cached under
 * {@code <cache>/node/modules/<key>} by the lockfile's digest, else {@code npm install}; always
 * {@code --omit=dev --ignore-scripts} (install scripts would run the app's code on the build
 * host). A pushed {@code node_modules} is used as it is. The app at {@code /app}.
 */
final class NodeBuildpack implements Buildpack {

    static final Duration TIMEOUT = Duration.ofMinutes(10);
    static final List<String> LOCKFILES = List.of("npm-shrinkwrap.json", "package-lock.json");
    static final List<String> NPM_FLAGS = List.of("--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Built build(Context ctx) throws IOException {
        NodeApp app = read(ctx.appDir().resolve("package.json"));
        NodeRuntime.Node node = NodeRuntime.obtain(ctx.cacheDir());
        ctx.out().line("       node " + node.version() + " (" + NodeRuntime.HOST_NODE + ", stripped: "
                + Sizes.human(Files.size(node.binary())) + ")");
        app.checkEngines(node.version());
        app.enginesNode().ifPresent(r -> ctx.out().line("       engines.node '" + r + "': met by " + node.version()));

        Set<String> top = ctx.files().stream().filter(f -> f.atTop() && f.kind() == AppFile.Kind.FILE)
                .map(AppFile::path).collect(Collectors.toSet());
        Set<String> all = ctx.files().stream().map(AppFile::path).collect(Collectors.toSet());
        Path procfile = ctx.appDir().resolve("Procfile");
        Optional<String> web = Files.isRegularFile(procfile) ? Procfile.web(Files.readString(procfile)) : Optional.empty();
        Optional<NodeApp.Start> start = app.start(web, top, all);
        if (ctx.request().command().isEmpty() && start.isEmpty()) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, NodeApp.NO_START);
        }

        Optional<Path> modules = dependencies(ctx, node);

        Rootfs fs = ctx.rootfs();
        fs.hostFile(NodeApp.NODE, node.binary(), true, Rootfs.Part.RUNTIME);
        fs.tree(ctx.appDir(), APP_DIR, Rootfs.Part.APP);
        if (modules.isPresent()) {
            fs.tree(modules.get(), APP_DIR + "/node_modules", Rootfs.Part.APP);
        }
        List<String> libraries = NativeBuildpack.hostLibraries(fs, Map.of(node.binary(), NodeApp.NODE),
                ctx.appDir(), ctx);

        Map<String, String> env = new LinkedHashMap<>();  // the app's own env: at launch, not in the image
        env.putIfAbsent("NODE_ENV", "production");
        String command;
        if (ctx.request().command().isPresent()) {
            command = ctx.request().command().get();
        } else {
            command = start.get().command();
            ctx.out().line("       start command from " + start.get().source());
            if (start.get().source().equals("scripts.start")) {
                // as npm start does: the dependencies' executables come first
                env.putIfAbsent("PATH", APP_DIR + "/node_modules/.bin:/usr/local/bin:/usr/bin:/bin");
            }
        }
        LaunchSpec spec;
        try {
            spec = LaunchSpec.of(command, APP_DIR, ctx.request().port(), LaunchSpec.DEFAULT_GRACE_SECONDS, env);
        } catch (IllegalArgumentException e) {
            throw new StagingException(StagingException.Reason.INVALID_REQUEST, e.getMessage(), e);
        }
        NativeBuildpack.checkRam("node", fs, ctx);
        spec = fs.launch(spec);
        return new Built(fs, spec, List.of(), libraries);
    }

    static NodeApp read(Path packageJson) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(packageJson));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new StagingException(StagingException.Reason.BUILD_FAILED,
                    "package.json is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "package.json must hold a JSON object");
        }
        Map<String, String> specs = new TreeMap<>();
        for (String section : List.of("dependencies", "optionalDependencies", "peerDependencies")) {
            root.path(section).fields().forEachRemaining(e -> specs.put(e.getKey(), e.getValue().asText("")));
        }
        NodeApp.checkDependencySpecs(specs);
        return new NodeApp(text(root.path("engines").path("node")), text(root.path("scripts").path("start")),
                text(root.path("main")));
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** The node_modules to add, or empty when the app pushed its own (or has no dependencies to install). */
    private static Optional<Path> dependencies(Context ctx, NodeRuntime.Node node) throws IOException {
        if (Files.isDirectory(ctx.appDir().resolve("node_modules"))) {
            ctx.out().line("       node_modules pushed with the app: npm not run");
            return Optional.empty();
        }
        Path cache = Files.createDirectories(ctx.cacheDir().resolve("node"));
        Map<String, String> env = new TreeMap<>(NodeApp.npmEnv(ctx.request().env()));
        env.put("HOME", Files.createDirectories(cache.resolve("home")).toString());
        env.put("npm_config_cache", cache.resolve("npm-cache").toString());
        env.put("npm_config_update_notifier", "false");
        Optional<String> lockfile = LOCKFILES.stream().filter(l -> Files.isRegularFile(ctx.appDir().resolve(l))).findFirst();
        if (lockfile.isEmpty()) {
            ctx.out().line("       no package-lock.json: npm install (not cached; commit a lockfile for repeatable builds)");
            Path work = Files.createDirectories(ctx.appDir().resolveSibling("npm"));
            install(ctx, work, null, "install", env);
            return Optional.of(work.resolve("node_modules")).filter(Files::isDirectory);
        }
        byte[] lock = Files.readAllBytes(ctx.appDir().resolve(lockfile.get()));
        checkLockfile(lockfile.get(), lock);
        String key = key(lock, node.version(), env);
        Path dir = ctx.cacheDir().resolve("node/modules").resolve(key);
        if (Files.isDirectory(dir)) {
            ctx.out().line("       node_modules from the cache (same " + lockfile.get() + ", node, npm settings)");
        } else {
            Trees.cached(dir, tmp -> {
                install(ctx, tmp, lockfile.get(), "ci", env);
                if (!Files.isDirectory(tmp.resolve("node_modules"))) {
                    Files.createDirectories(tmp.resolve("node_modules"));
                }
            });
        }
        return Optional.of(dir.resolve("node_modules"));
    }

    private static void install(Context ctx, Path work, String lockfile, String verb, Map<String, String> env)
            throws IOException {
        Files.copy(ctx.appDir().resolve("package.json"), work.resolve("package.json"));
        if (lockfile != null) {
            Files.copy(ctx.appDir().resolve(lockfile), work.resolve(lockfile));
        }
        List<String> cmd = new ArrayList<>(List.of("npm", verb));
        cmd.addAll(NPM_FLAGS);
        if (lockfile == null) {
            cmd.add("--no-package-lock");
        }
        ctx.out().line("       " + String.join(" ", cmd));
        Tools.run("npm " + verb, "npm", cmd, work, env, TIMEOUT, ctx.out());
        Files.delete(work.resolve("package.json"));
        if (lockfile != null) {
            Files.delete(work.resolve(lockfile));
        }
    }

    private static void checkLockfile(String name, byte[] lock) {
        JsonNode root;
        try {
            root = JSON.readTree(lock);
        } catch (IOException e) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, name + " is not valid JSON: " + e.getMessage());
        }
        Map<String, Map.Entry<String, Boolean>> packages = new TreeMap<>();
        root.path("packages").fields().forEachRemaining(e -> packages.put(e.getKey(),
                Map.entry(e.getValue().path("resolved").asText(""), e.getValue().path("link").asBoolean(false))));
        NodeApp.checkLockfileEntries(name, packages);
    }

    private static String key(byte[] lock, String nodeVersion, Map<String, String> env) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(lock);
            sha.update(("\0node " + nodeVersion + "\0" + NPM_FLAGS + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            new TreeMap<>(NodeApp.npmEnv(env)).forEach((k, v) ->
                    sha.update((k + "=" + v + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
