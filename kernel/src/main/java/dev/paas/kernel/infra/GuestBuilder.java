package dev.paas.kernel.infra;

import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.GuestBuildException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Builds the guest by running the scripts packed in this jar: extracts the guest sources
 * (fragment, init C files, scripts) into {@code <cache>/guest-src/<hash>/}, then runs
 * {@code build-kernel.sh} and {@code build-init.sh}, which do the real caching (by content hash,
 * under a lock, renamed into place atomically). One instance per cache directory; its
 * {@link #obtain} is synchronised so one JVM builds once.
 */
public final class GuestBuilder {

    /** The guest sources, relative to {@link #RESOURCE_ROOT} and to the {@code kernel/} folder. */
    public static final List<String> GUEST_FILES = List.of(
            "config/microvm.fragment",
            "init/paas_init.h", "init/init.c", "init/system.c", "init/spec.c", "init/words.c", "init/listen.c",
            "init/disk.c", "init/identity.c",
            "scripts/build-kernel.sh", "scripts/build-init.sh");
    static final String RESOURCE_ROOT = "/dev/paas/kernel/guest/";

    private static final Map<Path, GuestBuilder> BY_CACHE = new ConcurrentHashMap<>();

    private final Path cacheDir;
    private final Map<String, String> env;
    private GuestArtifacts built;

    /** @param env variables to set for the build scripts (tests use it to hide tools) */
    GuestBuilder(Path cacheDir, Map<String, String> env) {
        this.cacheDir = cacheDir;
        this.env = Map.copyOf(env);
    }

    public static GuestBuilder forCache(Path cacheDir) {
        return BY_CACHE.computeIfAbsent(cacheDir.toAbsolutePath().normalize(), dir -> new GuestBuilder(dir, Map.of()));
    }

    public synchronized GuestArtifacts obtain(Consumer<String> progress) {
        if (built != null && Files.isRegularFile(built.vmlinux()) && Files.isRegularFile(built.init())) {
            return built;
        }
        if (!Files.isExecutable(Path.of("/bin/bash"))) {
            throw new GuestBuildException("bash not found: apt-get install bash");
        }
        Path src = extractSources();
        Map<String, String> kernel = run(progress, src, "scripts/build-kernel.sh", "config/microvm.fragment");
        Map<String, String> init = run(progress, src, "scripts/build-init.sh", "init");
        GuestArtifacts result = new GuestArtifacts(
                existing(kernel, "VMLINUX"), existing(kernel, "BZIMAGE"), existing(init, "INIT"));
        built = result;
        return result;
    }

    private Path extractSources() {
        try {
            Map<String, byte[]> files = new LinkedHashMap<>();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String name : GUEST_FILES) {
                try (InputStream in = GuestBuilder.class.getResourceAsStream(RESOURCE_ROOT + name)) {
                    if (in == null) {
                        throw new GuestBuildException("guest source missing from the paas-kernel jar: " + name);
                    }
                    byte[] bytes = in.readAllBytes();
                    files.put(name, bytes);
                    sha.update(name.getBytes(StandardCharsets.UTF_8));
                    sha.update(bytes);
                }
            }
            Path dir = cacheDir.resolve("guest-src").resolve(HexFormat.of().formatHex(sha.digest()).substring(0, 20));
            if (Files.isDirectory(dir)) {
                return dir;
            }
            Files.createDirectories(dir.getParent());
            Path tmp = Files.createTempDirectory(dir.getParent(), ".tmp-");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path target = tmp.resolve(e.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, e.getValue());
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
                deleteTree(tmp);
            } catch (IOException raced) {
                if (!Files.isDirectory(dir)) {
                    throw raced;
                }
                deleteTree(tmp);
            }
            return dir;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new GuestBuildException("cannot unpack the guest sources into " + cacheDir + ": " + e, e);
        }
    }

    private Map<String, String> run(Consumer<String> progress, Path src, String script, String arg) {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", src.resolve(script).toString(), src.resolve(arg).toString());
        pb.environment().put("PAAS_CACHE_DIR", cacheDir.toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(false);
        Map<String, String> result = new LinkedHashMap<>();
        List<String> tail = new ArrayList<>();
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            Thread errPump = new Thread(() -> pump(p.getErrorStream(), line -> {
                synchronized (tail) {
                    tail.add(line);
                    if (tail.size() > 20) {
                        tail.remove(0);
                    }
                }
                progress.accept(line);
            }), "guest-build-stderr");
            errPump.setDaemon(true);
            errPump.start();
            pump(p.getInputStream(), line -> {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    result.put(line.substring(0, eq), line.substring(eq + 1));
                }
            });
            int rc = p.waitFor();
            errPump.join(5_000);
            if (rc != 0) {
                String why;
                synchronized (tail) {
                    why = tail.stream().filter(l -> l.contains("error:")).reduce((a, b) -> b)
                            .map(l -> l.substring(l.indexOf("error:") + 6).strip())
                            .orElse(String.join("\n", tail));
                }
                throw new GuestBuildException(why);
            }
            return result;
        } catch (IOException e) {
            throw new GuestBuildException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestBuildException("interrupted while running " + script, e);
        }
    }

    private static Path existing(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new GuestBuildException("the guest build did not produce " + key + " (got " + value + ")");
        }
        return Path.of(value);
    }

    private static void pump(InputStream in, Consumer<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.accept(line);
            }
        } catch (IOException ignored) {
            // the process ended; its exit code tells the rest
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
