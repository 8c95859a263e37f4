package dev.paas.kernel.api;

import dev.paas.kernel.infra.GuestBuilder;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The door to the built guest: locates the kernel and the init in the cache, building them on
 * demand from the sources packed in this jar (the same scripts as {@code kernel/build.sh}).
 *
 * <p>Thread-safe and idempotent: concurrent callers in one JVM wait for one build, and a lock
 * file serialises builders across processes. The first call on a cold cache takes minutes (the
 * kernel build); later calls take a few milliseconds.
 */
public final class Guests {

    private Guests() {}

    /** The cache root: {@code $PAAS_CACHE_DIR}, else {@code ~/.cache/paas}. */
    public static Path defaultCacheDir() {
        String env = System.getenv("PAAS_CACHE_DIR");
        return env != null && !env.isBlank()
                ? Path.of(env).toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".cache", "paas");
    }

    /**
     * @throws GuestBuildException naming the missing Debian package or tool, or the failed step
     */
    public static GuestArtifacts obtain() {
        return obtain(defaultCacheDir(), line -> System.getLogger("dev.paas.kernel")
                .log(System.Logger.Level.INFO, line));
    }

    /**
     * @param cacheDir root of the cache ({@code kernels/}, {@code init/} below it)
     * @param progress receives the build's progress lines (called on the calling thread)
     * @throws GuestBuildException naming the missing Debian package or tool, or the failed step
     */
    public static GuestArtifacts obtain(Path cacheDir, Consumer<String> progress) {
        return GuestBuilder.forCache(cacheDir).obtain(progress);
    }
}
