package dev.paas.imagefactory.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.core.Procfile;
import dev.paas.imagefactory.core.PythonApp;
import dev.paas.imagefactory.core.Sizes;
import dev.paas.kernel.api.LaunchSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * python: Debian's python3 ({@link PythonRuntime}: pruned standard library, its
 * {@code lib-dynload} and the shared libraries of both) at {@code /usr/bin/python3} (and
 * {@code python}); dependencies from {@code requirements.txt} (or a Pipfile.lock's
 * {@code default} section, or pyproject.toml's {@code [project] dependencies}) installed at staging by the host's pip with {@code --target} into
 * {@value PythonApp#PACKAGES_DIR}, wheels only ({@code --only-binary=:all:}: building an sdist
 * would run the app's code on the build host), from {@code vendor/} alone when the app has one,
 * else from {@code PIP_INDEX_URL}; cached by the requirements, the vendored files, the index
 * settings and python's version. The command comes from the Procfile's {@code web:} or the app.
 */
final class PythonBuildpack implements Buildpack {

    static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Built build(Context ctx) throws IOException {
        Path procfile = ctx.appDir().resolve("Procfile");
        Optional<String> web = Files.isRegularFile(procfile) ? Procfile.web(Files.readString(procfile)) : Optional.empty();
        if (ctx.request().command().isEmpty() && web.isEmpty()) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, PythonApp.NO_START);
        }
        PythonRuntime.Python py = PythonRuntime.obtain(ctx.cacheDir());
        ctx.out().line("       python " + py.version() + " (" + PythonRuntime.HOST_PYTHON + ", standard library pruned)");
        Path runtimeTxt = ctx.appDir().resolve("runtime.txt");
        if (Files.isRegularFile(runtimeTxt)) {
            PythonApp.checkRuntimeTxt(Files.readString(runtimeTxt), py.version());
            ctx.out().line("       runtime.txt '" + Files.readString(runtimeTxt).strip() + "': met by " + py.version());
        }
        Optional<Path> packages = dependencies(ctx, py);

        Rootfs fs = ctx.rootfs();
        String bin = "/usr/bin/python3";
        String lib = "/usr/lib/" + py.libName();
        fs.hostFile(bin, py.binary(), true, Rootfs.Part.RUNTIME);
        fs.symlink("/usr/bin/python", "python3", Rootfs.Part.RUNTIME);
        fs.tree(py.stdlib(), lib, Rootfs.Part.RUNTIME);
        fs.tree(ctx.appDir(), APP_DIR, Rootfs.Part.APP);
        if (packages.isPresent()) {
            fs.tree(packages.get(), PythonApp.PACKAGES_DIR, Rootfs.Part.APP);
        }
        Map<Path, String> roots = new TreeMap<>(LibraryResolver.elfFilesUnder(py.stdlib(), lib));
        roots.put(py.binary(), bin);
        List<String> libraries = NativeBuildpack.hostLibraries(fs, roots, py.stdlib(), ctx);

        Map<String, String> env = new LinkedHashMap<>();  // the app's own env: at launch, not in the image
        if (packages.isPresent()) {
            env.merge("PYTHONPATH", PythonApp.PACKAGES_DIR, (own, ours) -> ours + ":" + own);
        }
        env.putIfAbsent("PYTHONUNBUFFERED", "1");
        env.putIfAbsent("PYTHONDONTWRITEBYTECODE", "1");
        String command = ctx.request().command().orElseGet(web::get);
        if (ctx.request().command().isEmpty()) {
            ctx.out().line("       start command from Procfile");
        }
        LaunchSpec spec;
        try {
            spec = LaunchSpec.of(command, APP_DIR, ctx.request().port(), LaunchSpec.DEFAULT_GRACE_SECONDS, env);
        } catch (IllegalArgumentException e) {
            throw new StagingException(StagingException.Reason.INVALID_REQUEST, e.getMessage(), e);
        }
        NativeBuildpack.checkRam("python", fs, ctx);
        spec = fs.launch(spec);
        return new Built(fs, spec, List.of(), libraries);
    }

    /**
     * The requirement lines to install, from requirements.txt, else Pipfile.lock, else
     * pyproject.toml's [project] dependencies; empty when there are none.
     */
    private static Optional<byte[]> requirements(Path appDir) throws IOException {
        Path txt = appDir.resolve("requirements.txt");
        if (Files.isRegularFile(txt)) {
            byte[] b = Files.readAllBytes(txt);
            checkIncludes(appDir, "requirements.txt", new java.util.HashSet<>());
            boolean any = new String(b, StandardCharsets.UTF_8).lines().map(String::strip)
                    .anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
            return any ? Optional.of(b) : Optional.empty();
        }
        Path lock = appDir.resolve("Pipfile.lock");
        if (Files.isRegularFile(lock)) {
            JsonNode root;
            try {
                root = JSON.readTree(Files.readString(lock));
            } catch (JsonProcessingException e) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, "Pipfile.lock is not valid JSON: "
                        + e.getOriginalMessage());
            }
            Map<String, Optional<String>> defaults = new TreeMap<>();
            root.path("default").fields().forEachRemaining(e -> defaults.put(e.getKey(),
                    Optional.ofNullable(e.getValue().path("version").textValue())));
            List<String> lines = PythonApp.pipfileRequirements(defaults);
            return lines.isEmpty() ? Optional.empty()
                    : Optional.of((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path pyproject = appDir.resolve("pyproject.toml");
        if (Files.isRegularFile(pyproject)) {
            List<String> lines = PythonApp.pyprojectDependencies(Files.readString(pyproject));
            PythonApp.requirementIncludes(String.join("\n", lines), "pyproject.toml dependencies", "");
            return lines.isEmpty() ? Optional.empty()
                    : Optional.of((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    /** Checks a requirements file and the files it includes, recursively, for paths out of the app. */
    private static void checkIncludes(Path appDir, String rel, java.util.Set<String> seen) throws IOException {
        if (!seen.add(rel)) {
            return;
        }
        Path file = appDir.resolve(rel);
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;   // pip says it is missing
        }
        String dir = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
        for (String inc : PythonApp.requirementIncludes(Files.readString(file), rel, dir)) {
            checkIncludes(appDir, inc, seen);
        }
    }

    private static Optional<Path> dependencies(Context ctx, PythonRuntime.Python py) throws IOException {
        Optional<byte[]> reqs = requirements(ctx.appDir());
        if (reqs.isEmpty()) {
            ctx.out().line("       no requirements: pip not run");
            return Optional.empty();
        }
        Path vendor = ctx.appDir().resolve("vendor");
        boolean vendored = Files.isDirectory(vendor);
        Path cache = Files.createDirectories(ctx.cacheDir().resolve("python"));
        List<String> index = PythonApp.indexArgs(vendored, vendor.toString(), ctx.request().env());
        String key = key(reqs.get(), vendored ? vendor : null, index, py.version());
        Path dir = ctx.cacheDir().resolve("python/packages").resolve(key);
        if (Files.isDirectory(dir)) {
            ctx.out().line("       packages from the cache (same requirements, " + (vendored ? "vendor/, " : "index, ")
                    + "python)");
            return Optional.of(dir.resolve("packages"));
        }
        Trees.cached(dir, tmp -> {
            // requirements.txt is read where it is, so that its '-r other.txt' lines resolve in the app
            Path own = ctx.appDir().resolve("requirements.txt");
            Path reqFile = Files.isRegularFile(own) ? own : Files.write(tmp.resolve("requirements.txt"), reqs.get());
            List<String> cmd = new ArrayList<>(List.of(PythonRuntime.HOST_PYTHON.toString(), "-m", "pip", "install",
                    "--isolated", "--disable-pip-version-check", "--no-input", "--no-compile", "--only-binary=:all:",
                    "--cache-dir", cache.resolve("pip-cache").toString(), "--target", tmp.resolve("packages").toString()));
            cmd.addAll(index);
            cmd.addAll(List.of("-r", reqFile.toString()));
            ctx.out().line("       pip install --target " + PythonApp.PACKAGES_DIR + " --only-binary=:all: "
                    + (vendored ? "--no-index --find-links vendor/" : String.join(" ", index)) + " -r requirements");
            Map<String, String> env = Map.of("HOME", Files.createDirectories(cache.resolve("home")).toString());
            Tools.run("pip install", "python3-pip", cmd, ctx.appDir(), env, TIMEOUT, ctx.out());
            Files.deleteIfExists(tmp.resolve("requirements.txt"));
            Files.createDirectories(tmp.resolve("packages"));
        });
        ctx.out().line("       packages: " + Sizes.human(size(dir.resolve("packages"))));
        return Optional.of(dir.resolve("packages"));
    }

    private static String key(byte[] reqs, Path vendor, List<String> index, String version) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(reqs);
            sha.update(("\0" + version + "\0" + index + "\0").getBytes(StandardCharsets.UTF_8));
            if (vendor != null) {
                try (Stream<Path> walk = Files.walk(vendor)) {
                    for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                        sha.update((vendor.relativize(p) + "\0").getBytes(StandardCharsets.UTF_8));
                        sha.update(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
