package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.core.ElfInfo;
import dev.paas.imagefactory.core.GoModule;
import dev.paas.imagefactory.core.Sizes;
import dev.paas.kernel.api.LaunchSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * go: the module is built at staging with the build host's toolchain (Debian's {@code golang-go})
 * into a static binary ({@code CGO_ENABLED=0}, reproducible flags: {@link GoModule#buildArgs}),
 * {@code -mod=vendor} when the app has {@code vendor/}; modules are fetched only through the
 * {@code GOPROXY} the app's environment names (default {@code off}). The app directory goes to
 * {@code /app} as pushed, the binary to {@code /app/bin/NAME}; from there on it is a native
 * program, with host libraries only if it is dynamic.
 */
final class GoBuildpack implements Buildpack {

    /** A cold build of a module with dependencies stays far below this; a hung one is stopped. */
    static final Duration TIMEOUT = Duration.ofMinutes(10);
    static final String INSTALL = "golang-go";

    @Override
    public Built build(Context ctx) throws IOException {
        Path goMod = ctx.appDir().resolve("go.mod");
        GoModule module = GoModule.parse(Files.readString(goMod));
        String pkg = GoModule.packageSpec(ctx.request().env());
        boolean vendor = Files.isDirectory(ctx.appDir().resolve("vendor"));
        String name = module.binaryName();
        String imagePath = APP_DIR + "/bin/" + name;

        Path outDir = Files.createDirectories(ctx.appDir().resolveSibling("go-out"));
        Path binary = outDir.resolve(name);
        Path goCache = Files.createDirectories(ctx.cacheDir().resolve("go"));
        Map<String, String> env = new TreeMap<>(GoModule.toolEnv(ctx.request().env()));
        env.put("CGO_ENABLED", "0");
        env.put("GO111MODULE", "on");
        env.put("GOENV", "off");
        env.put("GOTOOLCHAIN", "local");
        // a go.work of the app could 'use' directories of the build host
        env.put("GOWORK", "off");
        // The module cache is made writable so that the cache directory can always be deleted.
        env.put("GOFLAGS", "-modcacherw");
        env.put("GOCACHE", goCache.resolve("build").toString());
        env.put("GOPATH", goCache.resolve("path").toString());
        env.put("HOME", Files.createDirectories(goCache.resolve("home")).toString());
        ctx.out().line("       module " + module.path() + module.goVersion().map(v -> ", go " + v).orElse("")
                + (vendor ? ", vendor/ (-mod=vendor)" : "") + ", GOPROXY=" + env.get("GOPROXY"));

        Tools.Result version = Tools.run("go version", INSTALL, List.of("go", "version"), ctx.appDir(), env,
                Duration.ofSeconds(30), line -> { });
        ctx.out().line("       " + String.join(" ", version.lines()));
        List<String> cmd = new ArrayList<>(List.of("go"));
        cmd.addAll(GoModule.buildArgs(vendor, binary.toString(), pkg));
        ctx.out().line("       CGO_ENABLED=0 " + String.join(" ", cmd).replace(binary.toString(), "bin/" + name));
        Tools.run("go build", INSTALL, cmd, ctx.appDir(), env, TIMEOUT, ctx.out());
        if (!Files.isRegularFile(binary)) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "go build wrote no binary for " + pkg
                    + ": is it a main package?");
        }
        ElfInfo elf = ElfFiles.read(binary).orElseThrow(() -> new StagingException(
                StagingException.Reason.BUILD_FAILED, "go build did not write an x86-64 ELF executable"));

        Rootfs fs = ctx.rootfs();
        fs.tree(ctx.appDir(), APP_DIR, Rootfs.Part.APP);
        if (fs.contains(imagePath)) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "the app has its own bin/" + name
                    + ", where the built binary goes: remove it from the package");
        }
        fs.hostFile(imagePath, binary, true, Rootfs.Part.APP);
        ctx.out().line("       bin/" + name + ": " + (elf.isDynamic() ? "dynamic" : "static") + ", "
                + Sizes.human(Files.size(binary)));
        List<String> libraries = elf.isDynamic()
                ? NativeBuildpack.hostLibraries(fs, Map.of(binary, imagePath), outDir, ctx)
                : List.of();
        String command = ctx.request().command().orElse(imagePath);
        LaunchSpec spec = LaunchSpec.of(command, APP_DIR, ctx.request().port(), LaunchSpec.DEFAULT_GRACE_SECONDS,
                Map.of());  // the app's env reaches each instance at launch, never the image
        NativeBuildpack.checkRam("go", fs, ctx);
        spec = fs.launch(spec);
        return new Built(fs, spec, List.of(), libraries);
    }
}
