package dev.paas.imagefactory.infra;

import dev.paas.kernel.api.LaunchSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The guest's root filesystem as it will be written into the initramfs: paths (absolute in the
 * guest) to nodes, sorted. Permissions are normalised (directories 0755, files 0644 or 0755 by
 * their execute bit) and owners are always root, so the host's umask or user never shows.
 * Parent directories are added automatically. Not thread-safe.
 */
final class Rootfs {

    /** What a file is for; the metadata reports bytes per kind. */
    enum Part { BASE, APP, RUNTIME, LIBRARIES }

    sealed interface Node permits Dir, HostFile, Bytes, Symlink, CharDevice, ImageEntry {}

    record Dir() implements Node {}

    record HostFile(Path source, boolean executable, long size, Part part) implements Node {}

    record Bytes(byte[] data, boolean executable, Part part) implements Node {}

    record Symlink(String target, Part part) implements Node {}

    record CharDevice(int major, int minor) implements Node {}

    /**
     * A file, directory or symbolic link of an OCI image, written with its own mode (type bits
     * included: {@link #S_IFDIR}, {@link #S_IFREG}, {@link #S_IFLNK}) and owner.
     *
     * @param source     the file's content on the host (regular files), else null
     * @param linkTarget the target (symbolic links), else null
     * @param origin     names the content for the layer cache key: layer digest and path
     */
    record ImageEntry(int mode, int uid, int gid, Path source, long size, String linkTarget, String origin)
            implements Node {
        boolean isDir() {
            return (mode & 0170000) == S_IFDIR;
        }
    }

    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;

    private final SortedMap<String, Node> nodes = new TreeMap<>();
    private final Map<Path, String> libraryCopies = new java.util.HashMap<>();

    /** The layout every guest needs: mount points, the console device, the init ({@link GuestBase} adds /etc). */
    static Rootfs base(Path init) throws IOException {
        Rootfs fs = new Rootfs();
        for (String d : new String[] {"/dev", "/proc", "/sys", "/tmp", "/etc", "/paas"}) {
            fs.dir(d);
        }
        // The kernel opens /dev/console for the init before devtmpfs is mounted.
        fs.put("/dev/console", new CharDevice(5, 1));
        fs.hostFile(LaunchSpec.INIT_PATH_IN_INITRAMFS, init, true, Part.BASE);
        return fs;
    }

    /**
     * The initramfs of an image whose files are on a root disk: the layout of {@link #base}, the
     * init, the launch spec (the init reads it before it mounts the disk) and the marker that
     * tells the init to mount the disk.
     */
    static Rootfs bootOnly(Path init, LaunchSpec spec) throws IOException {
        Rootfs fs = base(init);
        fs.bytes(LaunchSpec.PATH_IN_INITRAMFS, spec.render().getBytes(StandardCharsets.UTF_8), false, Part.APP);
        fs.bytes(LaunchSpec.ROOT_DISK_MARKER, "erofs\n".getBytes(StandardCharsets.UTF_8), false, Part.BASE);
        return fs;
    }

    /**
     * The launch spec the init reads, last: the Java heap depends on the size of everything else.
     * Returns what was written: the spec names the image's shell when its command needs it.
     */
    LaunchSpec launch(LaunchSpec spec) {
        LaunchSpec written = GuestBase.finish(this, spec);
        bytes(LaunchSpec.PATH_IN_INITRAMFS, written.render().getBytes(StandardCharsets.UTF_8), false, Part.APP);
        return written;
    }

    void dir(String path) {
        addParents(check(path));
        nodes.putIfAbsent(path, new Dir());
    }

    void hostFile(String path, Path source, boolean executable, Part part) throws IOException {
        put(path, new HostFile(source, executable, Files.size(source), part));
    }

    /**
     * A host shared library at {@code path}; when the same host file is already in the image
     * (the loader is both {@code PT_INTERP} and a {@code DT_NEEDED} of libc) this is a symbolic
     * link to the first copy.
     */
    void library(String path, Path hostFile) throws IOException {
        String first = libraryCopies.putIfAbsent(hostFile, path);
        if (first != null) {
            symlink(path, first, Part.LIBRARIES);
        } else {
            hostFile(path, hostFile, true, Part.LIBRARIES);
        }
    }

    void bytes(String path, byte[] data, boolean executable, Part part) {
        put(path, new Bytes(data.clone(), executable, part));
    }

    void symlink(String path, String target, Part part) {
        put(path, new Symlink(target, part));
    }

    boolean contains(String path) {
        return nodes.containsKey(path);
    }

    Node node(String path) {
        return nodes.get(path);
    }

    /** An image's entry; a directory replaces a directory already there (its mode and owner win). */
    void image(String path, ImageEntry entry) {
        addParents(check(path));
        Node existing = nodes.get(path);
        if (existing != null && !(isDir(existing) && entry.isDir())) {
            throw new IllegalStateException("two things at " + path + " in the image");
        }
        nodes.put(path, entry);
    }

    void charDevice(String path, CharDevice device) {
        put(path, device);
    }

    /** Removes one path (not its children). */
    void remove(String path) {
        nodes.remove(path);
    }

    static boolean isDir(Node n) {
        return n instanceof Dir || n instanceof ImageEntry e && e.isDir();
    }

    /**
     * Adds a host tree under {@code imageDir}: directories, files (execute bit kept), symbolic
     * links as links (never followed). Anything else was refused by the unpacker already.
     */
    void tree(Path hostDir, String imageDir, Part part) throws IOException {
        dir(imageDir);
        try (Stream<Path> walk = Files.walk(hostDir)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(hostDir)) {
                    continue;
                }
                String path = imageDir + "/" + hostDir.relativize(p).toString();
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    symlink(path, Files.readSymbolicLink(p).toString(), part);
                } else if (a.isDirectory()) {
                    dir(path);
                } else if (a.isRegularFile()) {
                    boolean exec = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)
                            .contains(PosixFilePermission.OWNER_EXECUTE);
                    put(path, new HostFile(p, exec, a.size(), part));
                }
            }
        }
    }

    /**
     * The runtime layer (everything but the app) and the app layer ({@code /app} and the launch
     * spec), each with the parent directories it needs; the key names the runtime layer's
     * content: paths, kinds, modes, and for host files their path, size and modification time
     * (JREs, the init and paas-httpd live in content-addressed cache directories; a host library
     * that is upgraded changes its time).
     */
    record Split(SortedMap<String, Node> runtime, SortedMap<String, Node> app, String runtimeKey) {}

    Split split() throws IOException {
        SortedMap<String, Node> runtime = new TreeMap<>();
        SortedMap<String, Node> app = new TreeMap<>();
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            String path = e.getKey();
            boolean inApp = path.equals(APP_DIR) || path.startsWith(APP_DIR + "/")
                    || path.equals(LaunchSpec.PATH_IN_INITRAMFS);
            (inApp ? app : runtime).put(path, e.getValue());
            if (!inApp) {
                StringBuilder line = new StringBuilder(path).append('\0');
                Node n = e.getValue();
                if (n instanceof ImageEntry ie) {
                    line.append("image ").append(Integer.toOctalString(ie.mode())).append(' ').append(ie.uid())
                            .append(' ').append(ie.gid()).append(' ').append(ie.size()).append(' ')
                            .append(ie.linkTarget()).append(' ').append(ie.origin());
                } else if (n instanceof HostFile f) {
                    line.append("file ").append(f.executable()).append(' ').append(f.source().toAbsolutePath())
                            .append(' ').append(f.size()).append(' ')
                            .append(Files.getLastModifiedTime(f.source()).toMillis());
                } else if (n instanceof Bytes b) {
                    line.append("bytes ").append(b.executable()).append(' ')
                            .append(java.util.HexFormat.of().formatHex(sha256(b.data())));
                } else {
                    line.append(n);
                }
                sha.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Split(runtime, app, java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 32));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The app's directory in the guest; the app layer. */
    static final String APP_DIR = LaunchSpec.DEFAULT_DIR;

    SortedMap<String, Node> nodes() {
        return Collections.unmodifiableSortedMap(nodes);
    }

    /** Bytes of file content per part (what the guest holds in RAM once unpacked). */
    Map<Part, Long> sizes() {
        Map<Part, Long> out = new EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            out.put(p, 0L);
        }
        for (Node n : nodes.values()) {
            if (n instanceof HostFile f) {
                out.merge(f.part(), f.size(), Long::sum);
            } else if (n instanceof Bytes b) {
                out.merge(b.part(), (long) b.data().length, Long::sum);
            } else if (n instanceof Symlink s) {
                out.merge(s.part(), (long) s.target().length(), Long::sum);
            } else if (n instanceof ImageEntry ie) {
                out.merge(Part.APP, ie.linkTarget() != null ? ie.linkTarget().length() : ie.size(), Long::sum);
            }
        }
        return out;
    }

    long totalBytes() {
        return sizes().values().stream().mapToLong(Long::longValue).sum();
    }

    private void put(String path, Node node) {
        addParents(check(path));
        Node existing = nodes.get(path);
        if (existing != null && !(isDir(existing) && node instanceof Dir)) {
            throw new IllegalStateException("two things at " + path + " in the image");
        }
        if (!(existing != null && node instanceof Dir)) {
            nodes.put(path, node);
        }
    }

    private void addParents(String path) {
        for (int i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) {
            String parent = path.substring(0, i);
            Node n = nodes.get(parent);
            if (n == null) {
                nodes.put(parent, new Dir());
            } else if (!isDir(n)) {
                throw new IllegalStateException(parent + " is not a directory in the image");
            }
        }
    }

    private static String check(String path) {
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("//") || path.contains("/../")
                || path.endsWith("/..") || path.contains("/./") || path.endsWith("/.") || path.contains("\0")) {
            throw new IllegalArgumentException("image path must be absolute and normalised: " + path);
        }
        return path;
    }
}
