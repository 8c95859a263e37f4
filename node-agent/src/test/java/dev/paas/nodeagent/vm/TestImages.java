package dev.paas.nodeagent.vm;

import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.Guests;
import dev.paas.kernel.api.LaunchSpec;
import dev.paas.kernel.infra.Initramfs;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * Builds image archives (format in node-agent/README.md) for the vm tests: the kernel module's
 * guest kernel and init, plus our test app from {@code src/test/fixtures/build-app.sh}.
 */
public final class TestImages {

    /** An archive and its digest. */
    public record Archive(byte[] bytes, String digest) {}

    private TestImages() {}

    public static Archive httpApp(int graceSeconds) throws Exception {
        GuestArtifacts guest = Guests.obtain();
        Path app = buildApp();
        byte[] initrd = Initramfs.withBaseLayout(guest.init())
                .file("/app/app", Files.readAllBytes(app), 0755)
                .file(LaunchSpec.PATH_IN_INITRAMFS, LaunchSpec.of("/app/app", "/app", 8080, graceSeconds, Map.of()).render())
                .toBytes();
        String meta = "{\"format\":1,\"guestPort\":8080,\"runtime\":\"native\"}";
        return archive(meta.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(guest.vmlinux()), initrd);
    }

    public static Archive archive(byte[] imageJson, byte[] kernel, byte[] initrd) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            put(tar, "image.json", imageJson);
            put(tar, "kernel", kernel);
            put(tar, "initrd", initrd);
        }
        byte[] bytes = out.toByteArray();
        return new Archive(bytes, sha256(bytes));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        e.setMode(0644);
        e.setModTime(0);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    static Path buildApp() throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("paas.nodeagent.dir", "."), "src/test/fixtures/build-app.sh");
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("build-app.sh failed: " + out);
        }
        return out.lines().filter(l -> l.startsWith("APP=")).map(l -> Path.of(l.substring(4))).findFirst()
                .orElseThrow(() -> new IllegalStateException("build-app.sh printed no APP=: " + out));
    }
}
