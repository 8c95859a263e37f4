package dev.paas.nodeagent.infra;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * QEMU's side of snapshot clones, with Debian's QEMU 7.2 under {@code -sandbox spawn=deny} (so no
 * {@code exec:} URI, and 7.2 has no {@code file:} one):
 * <ul>
 *   <li>take: QMP {@code migrate} to {@code unix:} a socket the agent listens on and copies into
 *       the snapshot file, hashing as it goes; the guest runs during the migration's pre-copy and
 *       is paused by QEMU only for its last phase; then the writable disk is copied (sparse) and
 *       QMP {@code cont} resumes the source;</li>
 *   <li>restore: QEMU starts with {@code -S -incoming fd:0} and its stdin the snapshot file, which
 *       it reads itself (a pipe the agent wrote into was 3-5 times slower: a 64 KiB pipe buffer and
 *       two processes taking turns); the agent checksums the same file meanwhile, and the guest runs
 *       only after the checksum matched ({@code cont}).</li>
 * </ul>
 */
final class QemuSnapshots {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "snapshot-timeout");
        t.setDaemon(true);
        return t;
    });
    private static final Duration QMP_CALL = Duration.ofSeconds(5);
    private static final int BUFFER = 1 << 20;

    /** What taking one snapshot gave. */
    record Taken(long memoryBytes, String sha256, long crc32c, long diskBytes, long pausedMs, long tookMs) {}

    /** What a socket path may hold: {@code sun_path} is 108 bytes with its NUL, less a margin. */
    static final int MAX_SOCKET_PATH = 100;

    private QemuSnapshots() {}

    /**
     * Where the agent listens for QEMU's migration stream: {@code in.sock} beside {@code memory}
     * (in the snapshot's temporary directory) when that path fits a Unix socket address; for a
     * deep state directory (an e2e run's was 109 bytes: "Unix domain path too long", no snapshot
     * ever) a fresh 0700 directory of its own under {@code java.io.tmpdir}, which the caller
     * deletes with the socket.
     */
    static Path socketFor(Path memory) throws IOException {
        Path sock = memory.resolveSibling("in.sock");
        if (sock.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) {
            return sock;
        }
        return Files.createTempDirectory("paas-migrate-", java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"))).resolve("in.sock");
    }

    /** The QEMU argv additions of a restore: start paused, read the migration stream from stdin. */
    static List<String> incomingArgs() {
        return List.of("-S", "-incoming", "fd:0");
    }

    /**
     * Migrates the running VM behind {@code qmp} into {@code memory}, copies {@code disk} to {@code
     * diskCopy} while the guest is paused, and resumes it, whatever happened.
     */
    static Taken take(Path qmp, Path memory, Path disk, Path diskCopy, Duration timeout) throws IOException {
        Path sock = socketFor(memory);
        long t0 = System.nanoTime();
        MessageDigest sha = sha256();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        long bytes = 0;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            ScheduledFuture<?> guard = TIMER.schedule(() -> closeQuietly(server), timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                Qmp.execute(qmp, "migrate", Map.of("uri", "unix:" + sock), QMP_CALL);
                try (SocketChannel in = server.accept();
                     FileChannel out = FileChannel.open(memory, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    guard.cancel(false);
                    guard = TIMER.schedule(() -> closeQuietly(in), timeout.toMillis(), TimeUnit.MILLISECONDS);
                    ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
                    while (in.read(buf) >= 0) {
                        buf.flip();
                        bytes += buf.remaining();
                        ByteBuffer dup = buf.duplicate();
                        sha.update(dup);
                        crc.update(buf.duplicate());
                        while (buf.hasRemaining()) {
                            out.write(buf);
                        }
                        buf.clear();
                    }
                }
            } catch (IOException e) {
                cancel(qmp);
                resume(qmp);  // a no-op for a guest that never stopped
                throw new IOException("migration to the snapshot failed: " + e.getMessage(), e);
            } finally {
                guard.cancel(false);
                Files.deleteIfExists(sock);
                if (!sock.getParent().equals(memory.getParent())) {
                    Files.deleteIfExists(sock.getParent());
                }
            }
        }
        long pausedFrom;
        long downtime;
        try {
            JsonNode status = awaitMigration(qmp, timeout);
            downtime = status.path("downtime").asLong(0);
            pausedFrom = System.nanoTime();
            copySparse(disk, diskCopy);
        } catch (IOException e) {
            cancel(qmp);
            throw e;
        } finally {
            resume(qmp);
        }
        long now = System.nanoTime();
        long paused = downtime + (now - pausedFrom) / 1_000_000;
        return new Taken(bytes, HexFormat.of().formatHex(sha.digest()), crc.getValue(), allocatedBytes(diskCopy), paused,
                (now - t0) / 1_000_000);
    }

    /**
     * CRC32C of the snapshot's memory file, read while the restoring QEMU loads the same file
     * from its stdin (both from the page cache): the guest runs only once it matches the record.
     * CRC32C rather than the recorded SHA-256 because it keeps up with QEMU's load (a hardware
     * instruction; SHA-256 took 1.9 s for 31 MB in a C1-only JVM at load 22, the load itself 20 ms),
     * and what it guards against is a damaged file, not a forged one (whoever can write the state
     * directory owns the node).
     */
    static long crc32cOf(Path memory) throws IOException {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel in = FileChannel.open(memory, StandardOpenOption.READ)) {
            while (in.read(buf) >= 0) {
                buf.flip();
                crc.update(buf);
                buf.clear();
            }
        }
        return crc.getValue();
    }

    /**
     * Waits until the restoring QEMU has loaded the stream (its run state leaves {@code
     * inmigrate}); fails when QEMU ended or the time ran out.
     */
    static void awaitIncoming(Path qmp, Process qemu, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!qemu.isAlive()) {
                throw new IOException("QEMU exited with status " + qemu.exitValue() + " while loading the snapshot");
            }
            try {
                String status = Qmp.execute(qmp, "query-status", QMP_CALL).path("status").asText();
                if (!status.equals("inmigrate")) {
                    if (status.equals("paused") || status.equals("prelaunch")) {
                        return;
                    }
                    throw new IOException("QEMU's state after loading the snapshot is " + status);
                }
            } catch (IOException e) {
                last = e;  // the QMP socket may not listen yet
            }
            sleep(5);
        }
        throw new IOException("the snapshot did not load within " + timeout.toSeconds() + " s"
                + (last == null ? "" : " (" + last.getMessage() + ")"));
    }

    static void resume(Path qmp) {
        try {
            Qmp.execute(qmp, "cont", QMP_CALL);
        } catch (IOException e) {
            System.getLogger("dev.paas.nodeagent.snapshots").log(System.Logger.Level.WARNING,
                    "snapshot.resume-failed qmp=" + qmp + " error=\"" + e + "\"");
        }
    }

    /** A sparse copy (holes stay holes; a reflink where the file system has them). */
    static void copySparse(Path from, Path to) throws IOException {
        Process p = new ProcessBuilder("cp", "--sparse=always", "--reflink=auto", from.toString(), to.toString())
                .redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("cannot copy the disk " + from + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while copying the disk", e);
        }
        Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** Host blocks a (sparse) file holds, in bytes ({@code du}; its size when that fails). */
    static long allocatedBytes(Path file) {
        try {
            Process p = new ProcessBuilder("du", "--block-size=1", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out.split("\\s+")[0]);
            }
        } catch (IOException | NumberFormatException e) {
            // below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether the console file holds a line starting with {@code prefix}. */
    static boolean consoleSays(Path console, String prefix) {
        try (Stream<String> lines = Files.lines(console, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(l -> l.replace("\r", "").startsWith(prefix));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static JsonNode awaitMigration(Path qmp, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = Qmp.execute(qmp, "query-migrate", QMP_CALL);
            String status = r.path("status").asText();
            switch (status) {
                case "completed" -> {
                    return r;
                }
                case "failed", "cancelled" -> throw new IOException("migration " + status + ": "
                        + r.path("error-desc").asText("no reason given"));
                default -> sleep(5);
            }
        }
        throw new IOException("the migration did not complete within " + timeout.toSeconds() + " s");
    }

    private static void cancel(Path qmp) {
        try {
            Qmp.execute(qmp, "migrate_cancel", QMP_CALL);
        } catch (IOException ignored) {
            // nothing to cancel, or QEMU is gone; resume() follows anyway
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
