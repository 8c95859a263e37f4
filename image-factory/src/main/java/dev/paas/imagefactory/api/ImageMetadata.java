package dev.paas.imagefactory.api;

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
 */
public record ImageMetadata(int schema, String runtime, String detected, String kernelVersion, FileInfo kernel,
                            FileInfo initramfs, Sizes sizes, String cmdline, Launch launch,
                            List<String> javaModules, List<String> libraries, List<BaseFile> baseFiles) {

    public static final int SCHEMA = 1;

    public ImageMetadata {
        javaModules = List.copyOf(javaModules);
        libraries = List.copyOf(libraries);
        baseFiles = baseFiles == null ? List.of() : List.copyOf(baseFiles);
    }

    /** Without base files: what images built before the base layer said. */
    public ImageMetadata(int schema, String runtime, String detected, String kernelVersion, FileInfo kernel,
                         FileInfo initramfs, Sizes sizes, String cmdline, Launch launch,
                         List<String> javaModules, List<String> libraries) {
        this(schema, runtime, detected, kernelVersion, kernel, initramfs, sizes, cmdline, launch, javaModules,
                libraries, List.of());
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

    /** One file of the image. */
    public record FileInfo(String name, String sha256, long bytes) {}

    /**
     * @param rootfs   every file in the initramfs, uncompressed: what the guest holds in RAM
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

    /** Kernel plus initramfs: what a node downloads. */
    public long totalBytes() {
        return kernel.bytes() + initramfs.bytes();
    }
}
