package dev.paas.imagefactory.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What an image is, written as {@code image.json} beside its files. Its canonical bytes are
 * what the digest hashes, so it holds nothing that varies between two builds of the same input
 * (no times, no host paths).
 *
 * @param schema        version of this format, {@value #SCHEMA}
 * @param runtime       {@link AppRuntime#id()} of the buildpack that built it
 * @param detected      what the buildpack found, e.g. {@code app.jar (Main-Class: Hello)}
 * @param kernelVersion the guest kernel's release, read from the kernel image
 * @param kernel        the kernel file
 * @param initramfs     the initramfs file (cpio newc, gzip)
 * @param sizes         byte counts
 * @param cmdline       the kernel command line the image expects
 * @param launch        what the init starts
 * @param javaModules   the JRE's modules (java only, else empty)
 * @param libraries     host shared libraries copied in, by their path in the image
 * @param baseFiles     the standard base every image has ({@code /etc}, and {@code /bin/sh} when the
 *                      command needs a shell), each with its sha256, sorted by path; empty in images
 *                      built before it existed
 * @param rootDisk      the image's files as a read-only erofs beside a small initramfs (init and
 *                      launch spec), for images too large for guest RAM; null (and absent from
 *                      {@code image.json}, so the digests of other images are as before) otherwise
 */
public record ImageMetadata(int schema, String runtime, String detected, String kernelVersion, FileInfo kernel,
                            FileInfo initramfs, Sizes sizes, String cmdline, Launch launch,
                            List<String> javaModules, List<String> libraries, List<BaseFile> baseFiles,
                            @JsonInclude(JsonInclude.Include.NON_NULL) RootDisk rootDisk) {

    public static final int SCHEMA = 1;

    public ImageMetadata {
        javaModules = List.copyOf(javaModules);
        libraries = List.copyOf(libraries);
        baseFiles = baseFiles == null ? List.of() : List.copyOf(baseFiles);
    }

    /** Without a root disk: the image's files are all in the initramfs. */
    public ImageMetadata(int schema, String runtime, String detected, String kernelVersion, FileInfo kernel,
                         FileInfo initramfs, Sizes sizes, String cmdline, Launch launch,
                         List<String> javaModules, List<String> libraries, List<BaseFile> baseFiles) {
        this(schema, runtime, detected, kernelVersion, kernel, initramfs, sizes, cmdline, launch, javaModules,
                libraries, baseFiles, null);
    }

    /** Without base files: what images built before the base layer said. */
    public ImageMetadata(int schema, String runtime, String detected, String kernelVersion, FileInfo kernel,
                         FileInfo initramfs, Sizes sizes, String cmdline, Launch launch,
                         List<String> javaModules, List<String> libraries) {
        this(schema, runtime, detected, kernelVersion, kernel, initramfs, sizes, cmdline, launch, javaModules,
                libraries, List.of(), null);
    }

    /**
     * One file of the base layer.
     *
     * @param path   where it is in the guest, e.g. {@code /etc/mime.types}
     * @param sha256 hex sha256 of its bytes
     * @param bytes  its size
     * @param origin {@code generated} (written by the image factory) or the Debian package it came
     *               from on the build host, e.g. {@code media-types}
     */
    public record BaseFile(String path, String sha256, long bytes, String origin) {}

    /**
     * The image's root file system on a block device the node agent attaches read-only over
     * virtio-blk (serial {@code paas.root}); the guest's init mounts it under an overlay whose
     * upper layer is the instance's writable disk.
     *
     * @param file     its file name beside {@code image.json}
     * @param sha256   hex sha256 of its bytes
     * @param bytes    its size
     * @param format   {@value #EROFS}
     * @param readOnly always true: instances share the file
     */
    public record RootDisk(String file, String sha256, long bytes, String format, boolean readOnly) {
        public static final String EROFS = "erofs";
        public static final String FILE_NAME = "root.erofs";
    }

    /** One file of the image. */
    public record FileInfo(String name, String sha256, long bytes) {}

    /**
     * @param rootfs   every file of the guest's root, uncompressed: what the guest holds in RAM when
     *                 they are in the initramfs (with a root disk they are on the disk)
     * @param app      the app's own files
     * @param runtime  the JRE or the static server
     * @param libraries host shared libraries and the loader
     */
    public record Sizes(long rootfs, long app, long runtime, long libraries) {}

    /**
     * @param command   the launch spec's command
     * @param port      the app's port
     * @param memoryMib the memory the image was built for (the Java heap is sized from it)
     * @param spec      the full text of {@code /paas/launch}
     */
    public record Launch(String command, int port, int memoryMib, String spec) {}

    /** Kernel plus initramfs (plus the root disk): what a node downloads. */
    public long totalBytes() {
        return kernel.bytes() + initramfs.bytes() + (rootDisk == null ? 0 : rootDisk.bytes());
    }
}
