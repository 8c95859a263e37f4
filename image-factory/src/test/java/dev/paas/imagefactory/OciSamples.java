package dev.paas.imagefactory;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * OCI images for tests: built with Debian's umoci from a directory (busybox-static as
 * /bin/busybox), pushed with skopeo to a docker-registry the test starts on a free loopback port,
 * and hand-made layers (tar entries a tool would refuse to write) in OCI layouts and tarballs.
 */
public final class OciSamples {

    private OciSamples() {}

    public static final Path BUSYBOX = Path.of("/bin/busybox");

    /** Runs a command; fails with its output when it exits non-zero. */
    public static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** A root directory: busybox at /bin/busybox (+ /bin/sh link), /etc/passwd and /etc/group with {@code users}. */
    public static Path busyboxRoot(Path dir, String passwd, String group) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("etc"));
        Files.copy(BUSYBOX, dir.resolve("bin/busybox"));
        Files.createSymbolicLink(dir.resolve("bin/sh"), Path.of("busybox"));
        Files.writeString(dir.resolve("etc/passwd"), passwd);
        Files.writeString(dir.resolve("etc/group"), group);
        return dir;
    }

    /**
     * {@code umoci init/new/insert/config}: an OCI layout at {@code layout} with tag {@code tag},
     * one layer per inserted directory, then {@code configArgs} ({@code --config.cmd=...}).
     */
    public static Path umoci(Path layout, String tag, List<Path> roots, String... configArgs) throws Exception {
        Path parent = layout.getParent();
        if (!Files.exists(layout)) {
            run(parent, "umoci", "init", "--layout", layout.toString());
        }
        run(parent, "umoci", "new", "--image", layout + ":" + tag);
        for (Path r : roots) {
            run(parent, "umoci", "insert", "--image", layout + ":" + tag, r.toString(), "/");
        }
        if (configArgs.length > 0) {
            List<String> c = new ArrayList<>(List.of("umoci", "config", "--image", layout + ":" + tag));
            c.addAll(List.of(configArgs));
            run(parent, c.toArray(String[]::new));
        }
        return layout;
    }

    /** {@code skopeo copy oci:LAYOUT:TAG docker://127.0.0.1:PORT/NAME}, plain HTTP. */
    public static void push(Path layout, String tag, String dest) throws Exception {
        run(layout.getParent(), "skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":" + tag, "docker://" + dest);
    }

    /** Debian's docker-registry on a free loopback port, storage in a directory of the test's own. */
    public static final class Registry implements AutoCloseable {
        public final int port;
        private final Process process;

        private Registry(int port, Process process) {
            this.port = port;
            this.process = process;
        }

        public static Registry start(Path dir) throws Exception {
            int port = freePort();
            Files.createDirectories(dir.resolve("storage"));
            Path config = dir.resolve("config.yml");
            Files.writeString(config, "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: "
                    + dir.resolve("storage") + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
            Process p = new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
            Registry r = new Registry(port, p);
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    HttpResponse<Void> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (res.statusCode() == 200) {
                        return r;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    r.close();
                    throw new IllegalStateException("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
                }
                Thread.sleep(50);
            }
        }

        public String host() {
            return "127.0.0.1:" + port;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    // ---- hand-made layers ----

    /** One tar entry of a hand-made layer. */
    public record TarItem(String name, byte type, String content, String link, int mode) {
        public static TarItem file(String name, String content) {
            return new TarItem(name, TarArchiveEntry.LF_NORMAL, content, null, 0644);
        }

        public static TarItem dir(String name) {
            return new TarItem(name, TarArchiveEntry.LF_DIR, null, null, 0755);
        }

        public static TarItem symlink(String name, String target) {
            return new TarItem(name, TarArchiveEntry.LF_SYMLINK, null, target, 0777);
        }

        public static TarItem hardlink(String name, String target) {
            return new TarItem(name, TarArchiveEntry.LF_LINK, null, target, 0644);
        }
    }

    /** A tar (gzip'd when asked) of {@code items}, names as given (no checks). */
    public static byte[] layer(boolean gzip, TarItem... items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream o = gzip ? new GZIPOutputStream(bytes) : bytes;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(o)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarItem i : items) {
                TarArchiveEntry e = new TarArchiveEntry(i.name(), i.type(), true);
                e.setMode(i.mode());
                if (i.link() != null) {
                    e.setLinkName(i.link());
                }
                byte[] data = i.content() == null ? new byte[0] : i.content().getBytes(StandardCharsets.UTF_8);
                e.setSize(data.length);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    public static String sha256(byte[] b) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** A minimal image config JSON: {@code cmd} as Cmd, linux/amd64. */
    public static String config(String... cmd) {
        StringBuilder c = new StringBuilder("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[");
        for (int i = 0; i < cmd.length; i++) {
            c.append(i > 0 ? "," : "").append('"').append(cmd[i]).append('"');
        }
        return c.append("]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").toString();
    }

    /** An OCI layout directory holding one image: {@code config} and {@code layers} (gzip'd tars). */
    public static Path ociLayout(Path dir, String config, List<byte[]> layers) throws Exception {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        byte[] cfg = config.getBytes(StandardCharsets.UTF_8);
        StringBuilder m = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + blob(blobs, cfg)
                + "\",\"size\":" + cfg.length + "},\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            m.append(i > 0 ? "," : "").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
                    .append(blob(blobs, layers.get(i))).append("\",\"size\":").append(layers.get(i).length).append('}');
        }
        byte[] manifest = m.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + blob(blobs, manifest) + "\",\"size\":"
                + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}");
        return dir;
    }

    private static String blob(Path blobs, byte[] data) throws Exception {
        String d = sha256(data);
        Files.write(blobs.resolve(d.substring(7)), data);
        return d;
    }

    /** A tarball of {@code dir}'s files (what {@code -p FILE.tar} uploads). */
    public static Path tar(Path dir, Path target) throws IOException {
        try (OutputStream o = Files.newOutputStream(target); TarArchiveOutputStream tar = new TarArchiveOutputStream(o);
             Stream<Path> walk = Files.walk(dir)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path p : walk.sorted().toList()) {
                if (Files.isRegularFile(p)) {
                    TarArchiveEntry e = new TarArchiveEntry(p.toFile(), dir.relativize(p).toString());
                    tar.putArchiveEntry(e);
                    Files.copy(p, tar);
                    tar.closeArchiveEntry();
                }
            }
        }
        return target;
    }
}
