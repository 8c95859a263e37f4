package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.StagingListener;
import dev.paas.imagefactory.core.JdepsFingerprint;
import dev.paas.imagefactory.core.ModuleSets;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

/**
 * Module sets by jdeps and JREs by jlink, both in-process through {@link ToolProvider}, from the
 * JDK this JVM runs on ({@code java.home}, whose {@code jmods/} jlink reads).
 *
 * <p>Caches: {@code <cache>/jdeps/<key>.modules} holds an app's module list, keyed by the packages
 * its classes refer to rather than its bytes, so a warm build skips jdeps even when the code
 * changed; {@code <cache>/jre/<key>/} holds a JRE, keyed by module set, JDK version and jlink
 * options ({@link ModuleSets#cacheKey}). Both are written atomically under a lock.
 */
final class JreBuilder {

    /**
     * {@code --compress=1} (string sharing) rather than 2 (zip): the initramfs is gzip'd anyway,
     * and measured on a hello server 1+gzip gives a smaller image (16.7 vs 19.2 MB) and the JVM
     * does not inflate every class at start-up. {@code --exclude-files}: a guest has no display
     * and no sound card, so java.desktop runs headless there; its X11, JAWT, splash-screen and
     * sound libraries (and the X11 libraries they would pull from the host) stay out. Fonts and
     * image codecs stay: headless servers render with them. {@code --generate-cds-archive}: the
     * JDK's default class-data archive for the JRE's own classes, which a jlink'd image otherwise
     * lacks; measured with the hello server under TCG (bench/push) boot went from 8.7 to 7.1 s for
     * 6.4 MiB more initramfs (20.3 to 26.7 MiB image).
     */
    static final List<String> JLINK_OPTIONS = List.of(
            "--strip-debug", "--no-man-pages", "--no-header-files", "--compress=1", "--generate-cds-archive",
            "--exclude-files=**/libawt_xawt.so,**/libjawt.so,**/libsplashscreen.so,**/libjsound.so");

    /**
     * Removed from every JRE after jlink: the class-data archive for a JVM without compressed oops,
     * which only a heap over 32 GiB uses (it then runs without the archive, a little slower to
     * start); measured 10.6 MiB of every guest's root, 10 % of a war's.
     */
    static final String NOCOOPS_ARCHIVE = "lib/server/classes_nocoops.jsa";

    /** What the JRE cache key holds beside the modules and the JDK: jlink's options and the step after. */
    static final List<String> KEY_OPTIONS = java.util.stream.Stream.concat(JLINK_OPTIONS.stream(),
            java.util.stream.Stream.of("then-delete=" + NOCOOPS_ARCHIVE)).toList();

    /**
     * The version at which jdeps reads a multi-release JAR: this JDK's feature release, whose
     * classes the guest's JVM (the same release) loads.
     */
    static final Runtime.Version MULTI_RELEASE = Runtime.Version.parse(Integer.toString(Runtime.version().feature()));

    /** jdeps' options before the app; part of the cache key. */
    static final List<String> JDEPS_OPTIONS = List.of("--print-module-deps", "--ignore-missing-deps", "-q",
            "--multi-release", MULTI_RELEASE.toString());

    private final Path cacheDir;
    private final Path jdkHome;
    private final StagingListener out;

    JreBuilder(Path cacheDir, Path jdkHome, StagingListener out) {
        this.cacheDir = cacheDir;
        this.jdkHome = jdkHome;
        this.out = out;
    }

    static String jdkVersion() {
        return Runtime.version().toString();
    }

    /**
     * The modules jdeps finds in {@code app} (a JAR or a directory of classes), plus java.base;
     * empty when jdeps cannot tell (the caller falls back).
     *
     * <p>The answer is cached under {@code <cache>/jdeps/<key>.modules}, the key a sha256 of the
     * app's {@link JdepsFingerprint} (the packages its classes refer to and define; see there why
     * equal fingerprints get equal answers), the JDK's version (its package-to-module map and module
     * graph) and {@link #JDEPS_OPTIONS}. So a push whose code changed but refers to the same packages
     * skips jdeps (0.5-0.8 s of a warm staging of the hello server).
     */
    Optional<Set<String>> jdeps(Path app) throws IOException {
        Optional<Path> cached = jdepsCacheEntry(app);
        if (cached.isPresent() && Files.isRegularFile(cached.get())) {
            Set<String> modules = ModuleSets.parseJdeps(Files.readString(cached.get()));
            out.line("       jdeps (cached, same class references): " + String.join(",", modules));
            return Optional.of(modules);
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new StagingException(
                StagingException.Reason.BUILD_FAILED, "jdeps not available: run the image factory on a JDK, not a JRE"));
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        long t0 = System.nanoTime();
        List<String> args = new ArrayList<>(JDEPS_OPTIONS);
        args.add(app.toString());
        int rc = jdeps.run(new PrintWriter(stdout), new PrintWriter(stderr), args.toArray(String[]::new));
        if (rc != 0) {
            out.line("       jdeps could not tell (exit " + rc + "): " + firstLine(stderr.toString() + stdout));
            return Optional.empty();
        }
        TreeSet<String> modules = ModuleSets.parseJdeps(stdout.toString());
        out.line("       jdeps: " + String.join(",", modules) + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
        if (cached.isPresent()) {
            Files.createDirectories(cached.get().getParent());
            Path tmp = Files.createTempFile(cached.get().getParent(), ".tmp-", ".modules");
            Files.writeString(tmp, String.join(",", modules) + "\n");
            Files.move(tmp, cached.get(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return Optional.of(modules);
    }

    /**
     * Where jdeps' answer for {@code app} is cached. Empty when a class file cannot be read: then
     * jdeps runs (it skips entries it cannot parse) and nothing is cached, rather than falling back
     * to a key over the JAR's bytes: no JAR of the 1,519 in the build's Maven repository had such
     * an entry, and one key scheme is simpler than two.
     */
    private Optional<Path> jdepsCacheEntry(Path app) {
        JdepsFingerprint fp;
        try {
            fp = ClassFiles.fingerprint(app, MULTI_RELEASE);
        } catch (IOException | RuntimeException e) {
            out.line("       class files unreadable (" + e + "): running jdeps uncached");
            return Optional.empty();
        }
        Optional<String> key = fp.cacheKey(jdkVersion(), JDEPS_OPTIONS);
        if (key.isEmpty()) {
            out.line("       class file unreadable (" + fp.unreadable().orElse("") + "): running jdeps uncached");
            return Optional.empty();
        }
        return Optional.of(cacheDir.resolve("jdeps").resolve(key.get() + ".modules"));
    }

    /** The JRE with exactly these modules, from the cache or made now. */
    Path jre(Set<String> modules) throws IOException {
        Path jmods = jdkHome.resolve("jmods");
        if (!Files.isDirectory(jmods)) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "the JDK at " + jdkHome
                    + " has no jmods/ for jlink: apt-get install openjdk-17-jdk-headless (Debian) or use a full JDK");
        }
        String key = ModuleSets.cacheKey(modules, jdkVersion() + " " + jdkHome, KEY_OPTIONS);
        Path dir = cacheDir.resolve("jre").resolve(key);
        if (Files.isDirectory(dir)) {
            out.line("       JRE (cached): " + dir);
            return dir;
        }
        return Trees.cached(dir, tmp -> {
            ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new StagingException(
                    StagingException.Reason.BUILD_FAILED, "jlink not available: run the image factory on a JDK"));
            List<String> args = new ArrayList<>(List.of("--module-path", jmods.toString(),
                    "--add-modules", String.join(",", new TreeSet<>(modules))));
            args.addAll(JLINK_OPTIONS);
            Path output = tmp.resolve("jre");
            args.addAll(List.of("--output", output.toString()));
            StringWriter log = new StringWriter();
            long t0 = System.nanoTime();
            out.line("       jlink " + String.join(" ", args.subList(2, args.size() - 2)));
            int rc = jlink.run(new PrintWriter(log), new PrintWriter(log), args.toArray(String[]::new));
            if (rc != 0) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED,
                        "jlink failed (exit " + rc + "): " + firstLine(log.toString()));
            }
            // The JRE's files become the cache entry's content (tmp is renamed to dir).
            try (var list = Files.list(output)) {
                for (Path p : list.toList()) {
                    Files.move(p, tmp.resolve(p.getFileName()));
                }
            }
            Files.delete(output);
            Files.deleteIfExists(tmp.resolve(NOCOOPS_ARCHIVE));
            out.line("       jlink done in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        });
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
