package dev.paas.nodeagent.infra;

import com.fasterxml.jackson.databind.JsonNode;

import dev.paas.kernel.api.VmConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code image.json} inside an image archive, in either of the two shapes the agent reads
 * (node-agent/README.md, "Image archive format"):
 * <ul>
 * <li>the image factory's manifest ({@code schema: 1}): {@code kernel} and {@code initramfs} are
 *     {@code {name, sha256, bytes}}, {@code cmdline} is one string, the port is {@code launch.port};
 *     the image digest is the sha256 of these bytes;</li>
 * <li>the agent's minimal form ({@code format: 1}): files named {@code kernel} and {@code initrd},
 *     {@code cmdline} a list, {@code guestPort}; the digest is the sha256 of the whole archive.</li>
 * </ul>
 *
 * @param kernel    the kernel's file name in the archive and its expected hash (absent: minimal form)
 * @param initramfs the initramfs's file name and expected hash
 * @param cmdline   kernel flags; empty means the kernel module's defaults
 * @param guestPort the app's port in the guest
 * @param runtime   the buildpack's runtime ({@code java}, {@code native}, {@code static}); empty when not said
 * @param rootfsBytes the unpacked size of the guest's files; -1 when not said
 * @param rootDisk  the image's read-only root disk (erofs, {@code rootDisk: {file, sha256, bytes,
 *                  format, readOnly}}), attached read-only beside the writable disk; empty for an
 *                  image whose files are all in its initramfs
 */
public record ImageMetadata(FileRef kernel, FileRef initramfs, List<String> cmdline, int guestPort,
                            String runtime, long rootfsBytes, Optional<FileRef> rootDisk) {

    public ImageMetadata(FileRef kernel, FileRef initramfs, List<String> cmdline, int guestPort, String runtime,
                         long rootfsBytes) {
        this(kernel, initramfs, cmdline, guestPort, runtime, rootfsBytes, Optional.empty());
    }

    /** Every file the image needs besides image.json: kernel, initramfs, and the root disk if any. */
    public List<FileRef> files() {
        List<FileRef> out = new ArrayList<>(List.of(kernel, initramfs));
        rootDisk.ifPresent(out::add);
        return List.copyOf(out);
    }

    public static final int DEFAULT_GUEST_PORT = 8080;
    /** A native program up to this size is small enough for the small TCG cache. */
    static final long SMALL_NATIVE_ROOTFS_BYTES = 4L * 1024 * 1024;

    /** A file of the image: its name in the archive and, in a manifest, its sha256 and size. */
    public record FileRef(String name, Optional<String> sha256, long bytes) {}

    /**
     * The TCG translation cache this guest's code needs (kernel/README.md, "QEMU recipe"): the
     * small one for static sites (paas-httpd) and small native programs, whose code fits it (a
     * static C server: 9 MiB less resident, same boot time); the default for a JVM (69 s to boot
     * with the small one instead of 12 s) and for whatever the image does not say.
     */
    public int tcgCacheMib() {
        boolean small = runtime.equals("static") || (runtime.equals("native") && rootfsBytes >= 0
                && rootfsBytes <= SMALL_NATIVE_ROOTFS_BYTES);
        return small ? VmConfig.SMALL_TCG_CACHE_MIB : VmConfig.DEFAULT_TCG_CACHE_MIB;
    }

    /** Whether this is a manifest whose file hashes prove the files (the factory's shape). */
    public boolean isManifest() {
        return kernel.sha256().isPresent() && initramfs.sha256().isPresent();
    }

    public static ImageMetadata parse(byte[] json) throws IOException {
        JsonNode n = Json.MAPPER.readTree(json);
        if (n == null || !n.isObject()) {
            throw new IOException("image.json is not a JSON object");
        }
        int version = n.path("schema").asInt(n.path("format").asInt(1));
        if (version != 1) {
            throw new IOException("image.json has schema/format " + version + "; this agent reads 1");
        }
        FileRef kernel = file(n.get("kernel"), "kernel");
        FileRef initramfs = file(n.get("initramfs"), "initrd");
        List<String> cmdline = new ArrayList<>();
        JsonNode c = n.get("cmdline");
        if (c != null && c.isArray()) {
            c.forEach(f -> cmdline.add(f.asText()));
        } else if (c != null && c.isTextual() && !c.asText().isBlank()) {
            cmdline.addAll(List.of(c.asText().strip().split("\\s+")));
        }
        int port = n.path("launch").path("port").asInt(n.path("guestPort").asInt(DEFAULT_GUEST_PORT));
        return new ImageMetadata(kernel, initramfs, List.copyOf(cmdline), port, n.path("runtime").asText(""),
                n.path("sizes").path("rootfs").asLong(-1), rootDisk(n.get("rootDisk")));
    }

    /** {@code rootDisk}: only a read-only erofs is understood; anything else is refused, never guessed. */
    private static Optional<FileRef> rootDisk(JsonNode node) throws IOException {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String file = node.path("file").asText(null);
        String sha = node.path("sha256").asText(null);
        if (file == null || !file.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}") || sha == null || !sha.matches("[0-9a-f]{64}")) {
            throw new IOException("image.json: rootDisk needs a plain file name and a sha256 (64 hex digits)");
        }
        if (!"erofs".equals(node.path("format").asText()) || !node.path("readOnly").asBoolean(false)) {
            throw new IOException("image.json: rootDisk must be format erofs, readOnly true; got format "
                    + node.path("format").asText("(none)") + ", readOnly " + node.path("readOnly").asText("(none)"));
        }
        return Optional.of(new FileRef(file, Optional.of(sha), node.path("bytes").asLong(-1)));
    }

    private static FileRef file(JsonNode node, String defaultName) throws IOException {
        if (node == null || node.isNull()) {
            return new FileRef(defaultName, Optional.empty(), -1);
        }
        String name = node.path("name").asText(null);
        String sha = node.path("sha256").asText(null);
        if (name == null || sha == null || !sha.matches("[0-9a-f]{64}")) {
            throw new IOException("image.json: " + defaultName + " needs a name and a sha256 (64 hex digits)");
        }
        return new FileRef(name, Optional.of(sha), node.path("bytes").asLong(-1));
    }
}
