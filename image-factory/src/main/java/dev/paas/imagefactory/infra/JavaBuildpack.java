package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.core.AppFile;
import dev.paas.imagefactory.core.Detector;
import dev.paas.imagefactory.core.HeapSizing;
import dev.paas.imagefactory.core.JarFacts;
import dev.paas.imagefactory.core.JavaLaunch;
import dev.paas.imagefactory.core.ModuleSets;
import dev.paas.imagefactory.core.Sizes;
import dev.paas.kernel.api.LaunchSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * java: modules by jdeps (or {@link ModuleSets#FALLBACK} for Spring Boot and when jdeps cannot
 * tell, plus {@code PAAS_JAVA_MODULES}), a jlink'd JRE at {@code /paas/jre} (cached by module
 * set), the shared libraries the JRE's ELF files need, the app at {@code /app}, and a launch
 * command whose heap follows the instance memory. A web application (WEB-INF/) goes to
 * {@link WarBuildpack}.
 */
final class JavaBuildpack implements Buildpack {

    @Override
    public Built build(Context ctx) throws IOException {
        if (ctx.detection().target().equals(Detector.WAR)) {
            return new WarBuildpack().build(ctx);
        }
        String target = ctx.detection().target();
        Path app = target.isEmpty() ? ctx.appDir() : ctx.appDir().resolve(target);
        JarFacts facts = ctx.files().stream()
                .filter(f -> f.path().equals(target.isEmpty() ? "META-INF/MANIFEST.MF" : target))
                .findFirst().flatMap(AppFile::jar)
                .orElseThrow(() -> new StagingException(StagingException.Reason.BUILD_FAILED, "no manifest in " + app));
        JreBuilder jres = new JreBuilder(ctx.cacheDir(), ctx.jdkHome(), ctx.out());
        Set<String> modules;
        if (facts.springBoot()) {
            ctx.out().line("       Spring Boot: the fallback module set (reflection hides what jdeps would see)");
            modules = ModuleSets.FALLBACK;
        } else {
            Optional<Set<String>> found = jdeps(jres, app);
            if (found.isEmpty()) {
                ctx.out().line("       using the fallback module set");
            }
            modules = found.orElse(ModuleSets.FALLBACK);
        }
        modules = withExtra(ctx, modules);
        Path jre = jres.jre(modules);

        Rootfs fs = ctx.rootfs();
        fs.tree(jre, JavaLaunch.JRE_DIR, Rootfs.Part.RUNTIME);
        fs.tree(ctx.appDir(), APP_DIR, Rootfs.Part.APP);
        String what = target.isEmpty() ? "-cp " + APP_DIR + " " + facts.mainClass().orElse("")
                : "-jar " + APP_DIR + "/" + target;
        return finish(ctx, fs, jre, modules, "", what);
    }

    /** The modules plus {@code PAAS_JAVA_MODULES}. */
    static Set<String> withExtra(Context ctx, Set<String> modules) {
        try {
            return ModuleSets.withExtra(modules, ctx.request().env().get(ModuleSets.EXTRA_ENV));
        } catch (IllegalArgumentException e) {
            throw new StagingException(StagingException.Reason.INVALID_REQUEST, e.getMessage(), e);
        }
    }

    /**
     * What every JVM image gets once its JRE and app are in {@code fs}: the host libraries of the
     * JRE, the heap sized from what is left of the memory, and the launch spec running
     * {@code java <heap> <flags> $JAVA_OPTS <what>} (or the app's command, which gets the heap flag
     * and {@code flags} as {@link JavaLaunch} says).
     */
    static Built finish(Context ctx, Rootfs fs, Path jre, Set<String> modules, String flags, String what)
            throws IOException {
        LibraryResolver.Closure closure = LibraryResolver.forHost()
                .resolve(LibraryResolver.elfFilesUnder(jre, JavaLaunch.JRE_DIR), Map.of(jre, JavaLaunch.JRE_DIR));
        List<String> libraries = new ArrayList<>();
        for (LibraryResolver.HostLibrary lib : closure.libraries()) {
            fs.library(lib.imagePath(), lib.hostFile());
            libraries.add(lib.imagePath());
        }
        Set<String> jreFiles = fileNames(jre);
        List<String> missing = closure.missing().stream()
                .filter(m -> !jreFiles.contains(m.split(" ")[0])).toList();
        ctx.out().line("       " + libraries.size() + " shared libraries from the host ("
                + Sizes.human(fs.sizes().get(Rootfs.Part.LIBRARIES)) + "): " + String.join(" ", libraries));
        for (String m : missing) {
            // The JRE loads these lazily (e.g. a desktop library of java.desktop): warn, go on.
            ctx.out().line("       warning: " + m + " not found on the build host; the JRE fails only if it loads it");
        }

        double percent = HeapSizing.maxRamPercent(ctx.request().memoryMib(), fs.totalBytes());
        String heap = HeapSizing.flag(percent);
        String flag = flags.isEmpty() ? heap : heap + " " + flags;
        ctx.out().line("       heap: " + heap + " of " + ctx.request().memoryMib() + "M (about "
                + HeapSizing.heapMib(ctx.request().memoryMib(), fs.totalBytes()) + "M; the image takes "
                + Sizes.human(fs.totalBytes()) + " of RAM)");
        JavaLaunch.Launch launch = JavaLaunch.assemble(ctx.request().command(), what, flag, Map.of());  // app env: at launch, not in the image
        LaunchSpec spec;
        try {
            spec = LaunchSpec.of(launch.command(), APP_DIR, ctx.request().port(), LaunchSpec.DEFAULT_GRACE_SECONDS,
                    launch.env());
        } catch (IllegalArgumentException e) {
            throw new StagingException(StagingException.Reason.INVALID_REQUEST, e.getMessage(), e);
        }
        spec = fs.launch(spec);
        return new Built(fs, spec, List.copyOf(new TreeSet<>(modules)), libraries);
    }

    private static Optional<Set<String>> jdeps(JreBuilder jres, Path app) {
        try {
            return jres.jdeps(app);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Set<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }
}
