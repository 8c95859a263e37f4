package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.StagingListener;
import dev.paas.imagefactory.core.ModuleSets;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

/**
 * Module sets by jdeps and JREs by jlink, both in-process through {@link ToolProvider}, from the
 * JDK this JVM runs on ({@code java.home}, whose {@code jmods/} jlink reads).
 *
 * <p>Caches: {@code <cache>/jdeps/<sha256 of jar + JDK>} holds a JAR's module list, so a warm
 * build skips jdeps; {@code <cache>/jre/<key>/} holds a JRE, keyed by module set, JDK version
 * and jlink options ({@link ModuleSets#cacheKey}). Both are written atomically under a lock.
 */
final class JreBuilder {

    /**
     * {@code --compress=1} (string sharing) rather than 2 (zip): the initramfs is gzip'd anyway,
     * and measured on a hello server 1+gzip gives a smaller image (16.7 vs 19.2 MB) and the JVM
     * does not inflate every class at start-up. {@code --exclude-files}: a guest has no display
     * and no sound card, so java.desktop runs headless there; its X11, JAWT, splash-screen and
     * sound libraries (and the X11 libraries they would pull from the host) stay out. Fonts and
     * image codecs stay: headless servers render with them.
     */
    static final List<String> JLINK_OPTIONS = List.of(
            "--strip-debug", "--no-man-pages", "--no-header-files", "--compress=1",
            "--exclude-files=**/libawt_xawt.so,**/libjawt.so,**/libsplashscreen.so,**/libjsound.so");

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
     */
    Optional<Set<String>> jdeps(Path app) throws IOException {
        Optional<Path> cached = Optional.empty();
        if (Files.isRegularFile(app)) {
            cached = Optional.of(cacheDir.resolve("jdeps").resolve(sha256(app) + ".modules"));
            if (Files.isRegularFile(cached.get())) {
                Set<String> modules = ModuleSets.parseJdeps(Files.readString(cached.get()));
                out.line("       jdeps (cached): " + String.join(",", modules));
                return Optional.of(modules);
            }
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new StagingException(
                StagingException.Reason.BUILD_FAILED, "jdeps not available: run the image factory on a JDK, not a JRE"));
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        long t0 = System.nanoTime();
        int rc = jdeps.run(new PrintWriter(stdout), new PrintWriter(stderr), "--print-module-deps",
                "--ignore-missing-deps", "-q", "--multi-release", Integer.toString(Runtime.version().feature()),
                app.toString());
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

    /** The JRE with exactly these modules, from the cache or made now. */
    Path jre(Set<String> modules) throws IOException {
        Path jmods = jdkHome.resolve("jmods");
        if (!Files.isDirectory(jmods)) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "the JDK at " + jdkHome
                    + " has no jmods/ for jlink: apt-get install openjdk-17-jdk-headless (Debian) or use a full JDK");
        }
        String key = ModuleSets.cacheKey(modules, jdkVersion() + " " + jdkHome, JLINK_OPTIONS);
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
            out.line("       jlink done in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        });
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            sha.update(jdkVersion().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
