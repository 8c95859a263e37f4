package dev.paas.imagefactory.api;

import dev.paas.imagefactory.infra.FileImageStore;
import dev.paas.imagefactory.infra.StagingPipeline;
import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.Guests;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The image factory: pushed bits in, a content-addressed, bootable image out.
 *
 * <pre>{@code
 * ImageFactory factory = ImageFactory.builder().store(ImageFactory.fileStore(dir)).build();
 * BuildResult r = factory.build(BuildRequest.of(zip).withMemory("512M"), line -> log("STG", line));
 * r.image().kernel(); r.image().initramfs(); r.digest();
 * }</pre>
 *
 * <p>Thread-safe: builds may run concurrently (they share only the caches, which lock). A build
 * runs on the calling thread and may take seconds (minutes on a cold cache: the guest kernel,
 * a JRE); the listener is called on that thread.
 */
public final class ImageFactory {

    /**
     * 64 MiB: an initramfs of that many bytes of files takes them in guest RAM (unpacked into a
     * tmpfs of at most half the VM's memory), which a 128M instance can no longer hold.
     */
    public static final long DEFAULT_ROOT_DISK_ABOVE = 64L << 20;

    private final ImageStore store;
    private final StagingPipeline pipeline;

    private ImageFactory(Builder b) {
        this.store = Objects.requireNonNull(b.store, "store");
        Path cache = b.cacheDir != null ? b.cacheDir : Guests.defaultCacheDir();
        Path work = b.workDir != null ? b.workDir : cache.resolve("work");
        Path jdk = b.jdkHome != null ? b.jdkHome : Path.of(System.getProperty("java.home"));
        Supplier<GuestArtifacts> fixed = b.guest;
        Function<StagingListener, GuestArtifacts> guest = fixed != null ? out -> fixed.get()
                : out -> Guests.obtain(cache, line -> out.line("       " + line));
        this.pipeline = new StagingPipeline(store, cache, work, jdk, b.limits, guest, b.kernelFormat, b.compression,
                b.rootDiskAbove);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A filesystem store rooted at {@code root} (created on first put). */
    public static ImageStore fileStore(Path root) {
        return new FileImageStore(root);
    }

    /**
     * Stages one package. Streams its output to {@code listener} line by line as it goes.
     *
     * @return the stored image and the duration of each phase
     * @throws StagingException with a reason and a message that says what to fix; nothing of the
     *                          failed build is left in the store or on disk
     */
    public BuildResult build(BuildRequest request, StagingListener listener) {
        return pipeline.run(Objects.requireNonNull(request, "request"), listener);
    }

    public ImageStore store() {
        return store;
    }

    /** Settings; only the store is required. Not thread-safe. */
    public static final class Builder {
        private ImageStore store;
        private Path cacheDir;
        private Path workDir;
        private Path jdkHome;
        private UnpackLimits limits = UnpackLimits.defaults();
        private Supplier<GuestArtifacts> guest;
        private KernelFormat kernelFormat = KernelFormat.BZIMAGE;
        private InitramfsCompression compression = InitramfsCompression.GZIP;
        private long rootDiskAbove = DEFAULT_ROOT_DISK_ABOVE;

        private Builder() {}

        /**
         * An image from an OCI image whose files take more than this many bytes gets them on a
         * read-only root disk (erofs) beside a small initramfs, so they never take guest RAM;
         * default {@link #DEFAULT_ROOT_DISK_ABOVE}. 0: every image, buildpack images too (on
         * request); {@link Long#MAX_VALUE}: never.
         */
        public Builder rootDiskAbove(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("rootDiskAbove must be 0 or more bytes, got: " + bytes);
            }
            rootDiskAbove = bytes;
            return this;
        }

        /** Which kernel form images carry; default {@link KernelFormat#BZIMAGE}. */
        public Builder kernelFormat(KernelFormat v) { kernelFormat = Objects.requireNonNull(v); return this; }

        public Builder store(ImageStore v) { store = v; return this; }

        /** Cache root for JREs, jdeps results, paas-httpd and the guest; default {@code ~/.cache/paas}. */
        public Builder cacheDir(Path v) { cacheDir = v; return this; }

        /** Where builds unpack (one scratch directory each, always deleted); default {@code <cache>/work}. */
        public Builder workDir(Path v) { workDir = v; return this; }

        /** The JDK whose jmods jlink uses; default this JVM's {@code java.home}. */
        public Builder jdkHome(Path v) { jdkHome = v; return this; }

        public Builder limits(UnpackLimits v) { limits = Objects.requireNonNull(v); return this; }

        /** Where the kernel and init come from; default {@link Guests#obtain(Path, java.util.function.Consumer)}. */
        public Builder guest(Supplier<GuestArtifacts> v) { guest = v; return this; }

        /** How the initramfs is stored; default {@link InitramfsCompression#GZIP}. */
        public Builder compression(InitramfsCompression v) { compression = Objects.requireNonNull(v); return this; }

        public ImageFactory build() {
            return new ImageFactory(this);
        }
    }
}
