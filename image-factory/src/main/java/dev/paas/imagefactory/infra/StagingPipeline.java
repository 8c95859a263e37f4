package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.ImageStore;
import dev.paas.imagefactory.api.InitramfsCompression;
import dev.paas.imagefactory.api.KernelFormat;
import dev.paas.imagefactory.api.PendingImage;
import dev.paas.imagefactory.api.Phase;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.StagingListener;
import dev.paas.imagefactory.api.StoredImage;
import dev.paas.imagefactory.api.UnpackLimits;
import dev.paas.imagefactory.core.AppFile;
import dev.paas.imagefactory.core.Detection;
import dev.paas.imagefactory.core.Detector;
import dev.paas.imagefactory.core.Sizes;
import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.GuestBuildException;
import dev.paas.kernel.api.KernelCmdline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs one build through its phases in a scratch directory of its own, which is deleted at the
 * end whatever happens: unpack, detect, build, pack (initramfs, kernel copy, image.json, digest,
 * store). Thread-safe: builds share only the caches, which lock.
 */
public final class StagingPipeline {

    private final ImageStore store;
    private final Path cacheDir;
    private final Path workDir;
    private final Path jdkHome;
    private final UnpackLimits limits;
    private final Function<StagingListener, GuestArtifacts> guest;
    private final KernelFormat kernelFormat;
    private final InitramfsCompression compression;
    private final long rootDiskAbove;

    /**
     * @param rootDiskAbove an image from an OCI image whose files take more bytes than this gets a
     *                      read-only root disk (erofs) instead of an initramfs holding them; 0: every
     *                      image, buildpack images too; {@link Long#MAX_VALUE}: none
     */
    public StagingPipeline(ImageStore store, Path cacheDir, Path workDir, Path jdkHome, UnpackLimits limits,
                           Function<StagingListener, GuestArtifacts> guest, KernelFormat kernelFormat,
                           InitramfsCompression compression, long rootDiskAbove) {
        this.rootDiskAbove = rootDiskAbove;
        this.kernelFormat = kernelFormat;
        this.compression = compression;
        this.store = store;
        this.cacheDir = cacheDir;
        this.workDir = workDir;
        this.jdkHome = jdkHome;
        this.limits = limits;
        this.guest = guest;
    }

    public BuildResult run(BuildRequest request, StagingListener listener) {
        StagingListener out = safe(listener);
        Map<Phase, Duration> phases = new EnumMap<>(Phase.class);
        Path scratch = null;
        try {
            Files.createDirectories(workDir);
            scratch = Files.createTempDirectory(workDir, "build-");
            Staged staged = request.dockerImage().isPresent() || OciArchive.isImageArchive(request.source())
                    ? stageImage(request, scratch, phases, out)
                    : stagePackage(request, scratch, phases, out);
            Buildpack.Built built = staged.built();
            GuestArtifacts g = staged.guest();
            GuestBase base = staged.base();
            long t = System.nanoTime();
            out.line("       command: " + built.spec().command());

            Path initramfs = scratch.resolve(compression.fileName());
            InitramfsWriter.Written w;
            ImageMetadata.RootDisk rootDisk = null;
            Path rootDiskFile = null;
            if (onRootDisk(staged.runtime(), built.rootfs().totalBytes())) {
                out.line("-----> Writing the root disk (erofs, read-only): " + Sizes.human(built.rootfs().totalBytes())
                        + " of files stay out of guest RAM");
                rootDiskFile = scratch.resolve(ImageMetadata.RootDisk.FILE_NAME);
                ErofsWriter.Written e = ErofsWriter.write(built.rootfs(), rootDiskFile, scratch.resolve("erofs-tree"),
                        built.spec().user(), note -> out.line("       " + note));
                rootDisk = new ImageMetadata.RootDisk(ImageMetadata.RootDisk.FILE_NAME, e.sha256(), e.bytes(),
                        ImageMetadata.RootDisk.EROFS, true);
                out.line("       " + Sizes.human(e.bytes()) + "; the initramfs holds the init and the launch spec");
                w = InitramfsWriter.write(Rootfs.bootOnly(g.init(), built.spec()), initramfs, compression);
            } else {
                out.line("-----> Packing initramfs (cpio newc" + (compression == InitramfsCompression.GZIP ? ", gzip" : "") + ")");
                w = InitramfsWriter.write(built.rootfs(), initramfs, compression, Optional.of(cacheDir.resolve("layers")));
                out.line("       runtime layer " + (w.layerCached() ? "from the cache" : "written and cached"));
            }
            Path kernel = scratch.resolve(kernelFormat.fileName());
            Files.copy(kernelFormat == KernelFormat.VMLINUX ? g.vmlinux() : g.bzImage(), kernel);
            Map<Rootfs.Part, Long> sizes = built.rootfs().sizes();
            ImageMetadata metadata = new ImageMetadata(ImageMetadata.SCHEMA, staged.runtime(),
                    staged.description(), KernelVersion.of(g.bzImage()),
                    new ImageMetadata.FileInfo(kernelFormat.fileName(), FileImageStore.sha256(kernel), Files.size(kernel)),
                    new ImageMetadata.FileInfo(compression.fileName(), w.sha256(), w.bytes()),
                    new ImageMetadata.Sizes(built.rootfs().totalBytes(), sizes.get(Rootfs.Part.APP),
                            sizes.get(Rootfs.Part.RUNTIME), sizes.get(Rootfs.Part.LIBRARIES)),
                    KernelCmdline.defaults().render(),
                    new ImageMetadata.Launch(built.spec().command(), built.spec().port(), request.memoryMib(),
                            built.spec().render()),
                    built.javaModules(), built.libraries(), GuestBase.recorded(built.rootfs(), base.origins()),
                    rootDisk);
            byte[] manifest = ImageJson.bytes(metadata);
            String digest = ImageJson.digest(manifest);
            boolean existed = store.find(digest).isPresent();
            StoredImage stored = store.put(new PendingImage(digest, manifest, metadata, kernel, initramfs, rootDiskFile));
            lap(phases, Phase.PACK, t);
            out.line("-----> Image " + digest + (existed ? " (already stored)" : ""));
            out.line("       " + Sizes.human(metadata.totalBytes()) + ": kernel " + Sizes.human(metadata.kernel().bytes())
                    + " + initramfs " + Sizes.human(w.bytes())
                    + (rootDisk != null ? " + root disk " + Sizes.human(rootDisk.bytes()) : "")
                    + " (" + Sizes.human(metadata.sizes().rootfs())
                    + " unpacked: app " + Sizes.human(metadata.sizes().app()) + ", runtime "
                    + Sizes.human(metadata.sizes().runtime()) + ", libraries " + Sizes.human(metadata.sizes().libraries())
                    + ")");
            out.line("       took " + describe(phases));
            return new BuildResult(stored, existed, Collections.unmodifiableMap(phases));
        } catch (StagingException e) {
            out.line("-----> Staging failed: " + e.getMessage());
            throw e;
        } catch (GuestBuildException e) {
            out.line("-----> Staging failed: " + e.getMessage());
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "guest kernel or init: " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            out.line("-----> Staging failed: " + e.getMessage());
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "staging failed: " + e, e);
        } finally {
            if (scratch != null) {
                Trees.deleteTree(scratch);
            }
        }
    }

    /** Whether the image's files go to a root disk rather than into the initramfs. */
    private boolean onRootDisk(String runtime, long rootfsBytes) {
        return rootDiskAbove == 0 || (runtime.equals(DOCKER_RUNTIME) && rootfsBytes > rootDiskAbove);
    }

    /** What the build step made, before packing. */
    private record Staged(String runtime, String description, Buildpack.Built built, GuestArtifacts guest,
                          GuestBase base) {}

    /** A package: unpack, detect, the buildpack's build. */
    private Staged stagePackage(BuildRequest request, Path scratch, Map<Phase, Duration> phases, StagingListener out)
            throws IOException {
        Path appDir = scratch.resolve("app");
        long t = System.nanoTime();
        out.line("-----> Unpacking " + request.source().getFileName());
        SafeUnpacker.Outcome unpacked = new SafeUnpacker(limits).unpack(request.source(), appDir);
        out.line("       " + unpacked.kind().name().toLowerCase() + ", " + unpacked.entries() + " entries, "
                + Sizes.human(unpacked.bytes()));
        t = lap(phases, Phase.UNPACK, t);

        List<AppFile> files = AppScanner.scan(appDir);
        Detection detection = Detector.detect(files, request.buildpack(), request.command());
        out.line("-----> " + (request.buildpack().isPresent() ? "Requested" : "Detected") + " "
                + detection.runtime().id() + " buildpack: " + detection.description());
        t = lap(phases, Phase.DETECT, t);

        GuestArtifacts g = guest.apply(out);
        Buildpack pack = switch (detection.runtime()) {
            case JAVA -> new JavaBuildpack();
            case NATIVE -> new NativeBuildpack();
            case STATIC -> new StaticBuildpack();
            case GO -> new GoBuildpack();
            case NODE -> new NodeBuildpack();
            case PYTHON -> new PythonBuildpack();
        };
        GuestBase base = GuestBase.fromHost(out);
        Buildpack.Built built = pack.build(new Buildpack.Context(request, appDir, files, detection, g, base,
                cacheDir, jdkHome, out, rootDiskAbove == 0));
        lap(phases, Phase.BUILD, t);
        return new Staged(detection.runtime().id(), detection.description(), built, g, base);
    }

    /**
     * An OCI image, pulled from a registry or read from a {@code docker save} / OCI-layout
     * tarball: UNPACK is the pull (or the archive), BUILD flattening and the launch spec.
     */
    private Staged stageImage(BuildRequest request, Path scratch, Map<Phase, Duration> phases, StagingListener out)
            throws IOException {
        long t = System.nanoTime();
        OciBlobs blobs = new OciBlobs(cacheDir);
        OciImage image;
        if (request.dockerImage().isPresent()) {
            image = new RegistryClient(RegistryClient.defaultHttp(), blobs, request.dockerImage().get(),
                    limits.maxTotalBytes(), out).pull();
        } else {
            out.line("-----> Reading image archive " + request.source().getFileName());
            image = OciArchive.read(request.source(), scratch.resolve("archive"), blobs, limits, out);
        }
        t = lap(phases, Phase.UNPACK, t);
        out.line("-----> Docker image " + image.name() + " (" + image.digest() + ")");
        t = lap(phases, Phase.DETECT, t);
        GuestArtifacts g = guest.apply(out);
        GuestBase base = GuestBase.fromHost(out);
        Buildpack.Built built = OciBuild.build(image, request, g.init(), base, limits, scratch.resolve("layers"), out);
        lap(phases, Phase.BUILD, t);
        return new Staged(DOCKER_RUNTIME, "docker image " + image.name() + "@" + image.digest(), built, g, base);
    }

    /** {@code image.json}'s runtime for images built from OCI images. */
    static final String DOCKER_RUNTIME = "docker";

    private static long lap(Map<Phase, Duration> phases, Phase phase, long start) {
        long now = System.nanoTime();
        phases.put(phase, Duration.ofNanos(now - start));
        return now;
    }

    static String describe(Map<Phase, Duration> phases) {
        StringBuilder b = new StringBuilder();
        long total = 0;
        for (Map.Entry<Phase, Duration> e : phases.entrySet()) {
            b.append(e.getKey().name().toLowerCase()).append(' ').append(e.getValue().toMillis()).append(" ms, ");
            total += e.getValue().toMillis();
        }
        return b.append("total ").append(total).append(" ms").toString();
    }

    private static StagingListener safe(StagingListener l) {
        StagingListener target = l == null ? StagingListener.none() : l;
        return text -> {
            try {
                target.line(text);
            } catch (RuntimeException ignored) {
                // a listener must not break the build
            }
        };
    }
}
