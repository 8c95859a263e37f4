package dev.paas.kernel.api;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The guest's writable disk ({@code disk_quota}): a sparse raw file of exactly the quota holding
 * an empty ext4, which {@link VmConfig.Builder#disk(Path)} attaches and the init makes the root's
 * writable layer (kernel/README.md, "The writable disk"). QEMU never grows a raw file past its
 * size, so what a guest writes can never take more of the host's disk than the quota.
 */
public final class GuestDisk {

    /** Below this an ext4 with 4 KiB blocks has hardly room for its own metadata. */
    public static final int MIN_MIB = 16;
    public static final int MAX_MIB = 64 * 1024;
    static final Path MKFS = Path.of("/usr/sbin/mkfs.ext4");
    private static final long MKFS_TIMEOUT_SECONDS = 60;

    private GuestDisk() {}

    /**
     * Makes {@code file} (which must not exist) a sparse file of {@code mib} MiB with an empty
     * ext4 on it, in milliseconds (the host allocates about 100 KiB for 64 MiB, 150 KiB for 1 GiB).
     * On failure nothing is left behind.
     *
     * <p>mkfs options: 4 KiB blocks and one inode per 16 KiB whatever the size ({@code -T default};
     * mke2fs would pick 1 KiB blocks and 4× the inodes under 512 MiB); no journal (the disk lives
     * and dies with one VM: nothing to recover after a crash, and no journal writes per file
     * operation); no blocks reserved for root (the quota is the app's, whoever it runs as); no
     * reserved group descriptors for online growth. The inode tables are not written: mke2fs
     * punches the new file (a discard that reads back zeros), so it marks them zeroed and the
     * guest's kernel has no lazy initialisation to do.
     *
     * @throws IllegalArgumentException when {@code mib} is outside [{@link #MIN_MIB}, {@link #MAX_MIB}]
     * @throws IOException              when the file exists, cannot be made, or mkfs.ext4 failed
     *                                  (missing, no space left on the host)
     */
    public static void create(Path file, int mib) throws IOException {
        create(file, mib, MKFS);
    }

    /** With another mkfs.ext4 (tests: one that fails). */
    static void create(Path file, int mib, Path mkfs) throws IOException {
        if (mib < MIN_MIB || mib > MAX_MIB) {
            throw new IllegalArgumentException("disk size must be between " + MIN_MIB + " and " + MAX_MIB
                    + " MiB, got: " + mib);
        }
        if (!Files.isExecutable(mkfs)) {
            throw new IOException(mkfs + " not found: apt-get install e2fsprogs");
        }
        Files.createFile(file);
        boolean done = false;
        try {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(mib * 1024L * 1024L);
            }
            List<String> argv = List.of(mkfs.toString(), "-q", "-F", "-T", "default", "-b", "4096",
                    "-O", "^has_journal,^resize_inode", "-m", "0", file.toString());
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try {
                out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(MKFS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("mkfs.ext4 " + file + " did not finish within " + MKFS_TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while making the disk " + file, e);
            }
            if (p.exitValue() != 0) {
                throw new IOException("mkfs.ext4 " + file + " failed (status " + p.exitValue() + "): " + out);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }
}
