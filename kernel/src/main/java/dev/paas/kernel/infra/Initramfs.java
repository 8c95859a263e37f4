package dev.paas.kernel.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small, reproducible cpio "newc" writer for test and benchmark initramfs images (the image
 * factory has its own for production images). Entries are written in path order with mtime 0,
 * uid/gid 0 and sequential inode numbers, so the same content gives the same bytes; parent
 * directories are added automatically. Not thread-safe.
 */
public final class Initramfs {

    private record Entry(int mode, byte[] data, int rdevMajor, int rdevMinor) {}

    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFCHR = 0020000;

    private final Map<String, Entry> entries = new TreeMap<>();

    /** The layout every guest needs: mount points and a console device node for the kernel. */
    public static Initramfs withBaseLayout(Path init) throws IOException {
        Initramfs fs = new Initramfs();
        for (String d : new String[] {"/dev", "/proc", "/sys", "/tmp", "/etc", "/paas"}) {
            fs.dir(d);
        }
        fs.charDevice("/dev/console", 5, 1);
        fs.file("/init", Files.readAllBytes(init), 0755);
        return fs;
    }

    public Initramfs dir(String path) {
        String p = check(path);
        addParents(p);
        entries.putIfAbsent(p, new Entry(S_IFDIR | 0755, new byte[0], 0, 0));
        return this;
    }

    public Initramfs file(String path, byte[] data, int permissions) {
        String p = check(path);
        addParents(p);
        entries.put(p, new Entry(S_IFREG | (permissions & 07777), data.clone(), 0, 0));
        return this;
    }

    public Initramfs file(String path, String text) {
        return file(path, text.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public Initramfs charDevice(String path, int major, int minor) {
        String p = check(path);
        addParents(p);
        entries.put(p, new Entry(S_IFCHR | 0600, new byte[0], major, minor));
        return this;
    }

    /** Writes the archive to {@code target} (replacing it atomically). */
    public void write(Path target) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".initramfs-", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(toBytes());
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int ino = 1;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry en = e.getValue();
            header(out, ino++, en.mode, (en.mode & S_IFDIR) == S_IFDIR ? 2 : 1, en.data.length,
                    en.rdevMajor, en.rdevMinor, e.getKey().substring(1));
            out.writeBytes(en.data);
            pad(out);
        }
        header(out, 0, 0, 1, 0, 0, 0, "TRAILER!!!");
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, int ino, int mode, int nlink, int size,
                               int rdevMajor, int rdevMinor, String name) {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("070701");
        for (int v : new int[] {ino, mode, 0, 0, nlink, 0, size, 0, 0, rdevMajor, rdevMinor, nameBytes.length, 0}) {
            h.append(String.format("%08x", v));
        }
        out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(nameBytes);
        pad(out);
    }

    private static void pad(ByteArrayOutputStream out) {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    private void addParents(String path) {
        for (int i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) {
            entries.putIfAbsent(path.substring(0, i), new Entry(S_IFDIR | 0755, new byte[0], 0, 0));
        }
    }

    private static String check(String path) {
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("//") || path.contains("/../")
                || path.contains("/./") || path.endsWith("/..") || path.endsWith("/.") || path.contains("\0")) {
            throw new IllegalArgumentException("initramfs path must be absolute and normalised: " + path);
        }
        return path;
    }
}
