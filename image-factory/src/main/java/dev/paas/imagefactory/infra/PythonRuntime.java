package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.core.PythonApp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The python buildpack's runtime: Debian's {@code /usr/bin/python3} (its real file, e.g.
 * python3.11) and its standard library {@code /usr/lib/python3.X}, pruned by
 * {@link PythonApp#keepStdlib}, copied once into {@code <cache>/python/runtime/<key>/} (key = the
 * interpreter's real path, size and modification time, which a package upgrade changes): {@code bin/python3},
 * {@code lib/python3.X/}, and {@code version}.
 */
final class PythonRuntime {

    static final Path HOST_PYTHON = Path.of("/usr/bin/python3");
    /** Bumped when the pruning rules change, so that cached runtimes follow. */
    static final String RULES = "prune-1";

    record Python(Path binary, Path stdlib, String libName, String version) {}

    private PythonRuntime() {}

    static Python obtain(Path cacheDir) throws IOException {
        if (!Files.isRegularFile(HOST_PYTHON)) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED,
                    "python3 not found on the build host: apt-get install python3");
        }
        Path real = HOST_PYTHON.toRealPath();
        String libName = real.getFileName().toString();   // python3.11
        Path hostLib = Path.of("/usr/lib").resolve(libName);
        if (!Files.isDirectory(hostLib)) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, hostLib
                    + " not found on the build host: apt-get install " + "lib" + libName + "-stdlib");
        }
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        String key;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((real + "\0" + a.size() + "\0" + a.lastModifiedTime().toMillis() + "\0" + RULES)
                    .getBytes(StandardCharsets.UTF_8));
            key = HexFormat.of().formatHex(sha.digest()).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = Trees.cached(cacheDir.resolve("python/runtime").resolve(key), tmp -> {
            Path bin = Files.createDirectories(tmp.resolve("bin")).resolve("python3");
            Files.copy(real, bin);
            Path lib = Files.createDirectories(tmp.resolve("lib").resolve(libName));
            try (Stream<Path> walk = Files.walk(hostLib)) {
                for (Path p : walk.sorted().toList()) {
                    if (p.equals(hostLib)) {
                        continue;
                    }
                    String rel = hostLib.relativize(p).toString();
                    if (!PythonApp.keepStdlib(rel)) {
                        continue;
                    }
                    Path to = lib.resolve(rel);
                    if (Files.isSymbolicLink(p)) {
                        Files.createSymbolicLink(to, Files.readSymbolicLink(p));
                    } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(to);
                    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(to.getParent());
                        Files.copy(p, to);
                    }
                }
            }
            Tools.Result v = Tools.run("python3 --version", "python3", List.of(bin.toString(), "--version"), tmp,
                    Map.of(), Duration.ofSeconds(60), line -> { });
            Files.writeString(tmp.resolve("version"), String.join("", v.lines()).strip().replaceFirst("^Python ", ""));
        });
        return new Python(dir.resolve("bin/python3"), dir.resolve("lib").resolve(libName), libName,
                Files.readString(dir.resolve("version")).strip());
    }
}
