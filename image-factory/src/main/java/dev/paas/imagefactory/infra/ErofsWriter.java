package dev.paas.imagefactory.infra;

import dev.paas.kernel.api.RunAs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes a {@link Rootfs} as a read-only erofs image with Debian's {@code mkfs.erofs}
 * (package {@code erofs-utils}), reproducibly: the tree is laid out in a scratch directory with
 * the rootfs' modes and owners, and {@code mkfs.erofs} runs with a fixed UUID, every timestamp 0
 * ({@code -T0}), no extended attributes ({@code -x-1}: none of the host's labels leak in) and no
 * compression (pages are read straight from the host's page cache; the goal is guest memory, not
 * bytes on disk). mkfs.erofs sorts directory entries itself and numbers inodes in that order, so
 * the same rootfs gives the same bytes whatever order the scratch tree was written in (tested).
 *
 * <p>Owners need root: as another user {@code --all-root} makes every file root's and the build
 * says so when the image had other owners. The app's files and its user's home are written as
 * that user's (what the guest's init would otherwise {@code chown} at boot, copying every file
 * up to the writable disk).
 */
final class ErofsWriter {

    /** Every image's erofs carries this UUID: the guest mounts it by device, never by UUID. */
    static final String UUID = "6b1a5d35-5e3a-4f6e-9b2f-706161736572";
    static final String MKFS = "mkfs.erofs";

    /** What was written: sha256 (hex) and size of the image file. */
    record Written(String sha256, long bytes) {}

    private ErofsWriter() {}

    /**
     * @param tree    scratch directory for the laid-out tree (created; an image's files are
     *                hard-linked from the flattener's scratch copies, so it must be on their file
     *                system; host files are copied); left deletable, the caller deletes it
     * @param owner   the app's user: {@code /app} and its home become its own (root: nothing changes)
     * @param notes   where a line for the staging log goes (lost owners)
     */
    static Written write(Rootfs fs, Path target, Path tree, RunAs owner, Consumer<String> notes)
            throws IOException {
        boolean canChown = effectiveUid() == 0;
        boolean otherOwners = layOut(fs, tree, owner, canChown);
        if (otherOwners && !canChown) {
            notes.accept("owners other than root are lost: the image factory runs as uid " + effectiveUid()
                    + ", which cannot give files away (run it as root to keep them)");
        }
        List<String> cmd = new ArrayList<>(List.of(MKFS, "--quiet", "-T0", "-U", UUID, "-x-1"));
        if (!canChown) {
            cmd.add("--all-root");
        }
        cmd.add(target.toString());
        cmd.add(tree.toString());
        try {
            run(cmd);
        } finally {
            deletable(tree);
        }
        return new Written(FileImageStore.sha256(target), Files.size(target));
    }

    /** The tree under {@code dir}; true when some file is owned by another user than root. */
    private static boolean layOut(Rootfs fs, Path dir, RunAs owner, boolean chown) throws IOException {
        Files.createDirectories(dir);
        Map<Path, Path> placed = new HashMap<>();
        List<Map.Entry<Path, int[]>> attrs = new ArrayList<>();  // path -> {mode, uid, gid, isLink}
        boolean others = false;
        for (Map.Entry<String, Rootfs.Node> e : fs.nodes().entrySet()) {
            String path = e.getKey();
            Path p = dir.resolve(path.substring(1));
            Rootfs.Node n = e.getValue();
            int mode;
            int uid = 0;
            int gid = 0;
            boolean link = false;
            if (n instanceof Rootfs.Dir) {
                Files.createDirectories(p);
                mode = Rootfs.S_IFDIR | 0755;
            } else if (n instanceof Rootfs.HostFile f) {
                Files.copy(f.source(), p);  // never a link: the mode set below would change the host's file
                mode = Rootfs.S_IFREG | (f.executable() ? 0755 : 0644);
            } else if (n instanceof Rootfs.Bytes b) {
                Files.write(p, b.data());
                mode = Rootfs.S_IFREG | (b.executable() ? 0755 : 0644);
            } else if (n instanceof Rootfs.Symlink s) {
                Files.createSymbolicLink(p, Path.of(s.target()));
                mode = Rootfs.S_IFLNK | 0777;
                link = true;
            } else if (n instanceof Rootfs.ImageEntry ie) {
                int type = ie.mode() & 0170000;
                if (type == Rootfs.S_IFDIR) {
                    Files.createDirectories(p);
                } else if (type == Rootfs.S_IFLNK) {
                    Files.createSymbolicLink(p, Path.of(ie.linkTarget()));
                    link = true;
                } else {
                    // The flattener's scratch copy: linked, not copied (a hard link in the
                    // layers shares its content file and stays one in the erofs).
                    Path first = placed.putIfAbsent(ie.source(), p);
                    Files.createLink(p, first != null ? first : ie.source());
                }
                mode = ie.mode();
                uid = ie.uid();
                gid = ie.gid();
            } else {
                continue;  // /dev/console: the guest's devtmpfs provides /dev
            }
            if (owner.uid() != 0 && ownedByUser(path, owner)) {
                uid = owner.uid();
                gid = owner.gid();
            }
            others |= uid != 0 || gid != 0;
            attrs.add(Map.entry(p, new int[] {mode, uid, gid, link ? 1 : 0}));
        }
        if (owner.uid() != 0 && !owner.home().equals("/") && !fs.contains(owner.home())) {
            // The home the init would make at boot (on the writable disk): made here, the user's.
            StringBuilder path = new StringBuilder();
            for (String part : owner.home().substring(1).split("/")) {
                path.append('/').append(part);
                Path p = dir.resolve(path.substring(1));
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    break;  // a link or file on the way (never followed: it may point anywhere on this host)
                }
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(p);
                    boolean home = path.toString().equals(owner.home());
                    attrs.add(Map.entry(p, new int[] {Rootfs.S_IFDIR | 0755, home ? owner.uid() : 0,
                            home ? owner.gid() : 0, 0}));
                    others |= home;
                }
            }
        }
        // Deepest first: a directory without write permission is finished after its children.
        for (int i = attrs.size() - 1; i >= 0; i--) {
            Path p = attrs.get(i).getKey();
            int[] a = attrs.get(i).getValue();
            if (chown) {
                // Owner first: chown clears setuid and setgid bits, the mode sets them again.
                Files.setAttribute(p, "unix:uid", a[1], LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", a[2], LinkOption.NOFOLLOW_LINKS);
            }
            if (a[3] == 0) {
                Files.setAttribute(p, "unix:mode", a[0] & 07777, LinkOption.NOFOLLOW_LINKS);
            }
        }
        Files.setAttribute(dir, "unix:mode", 0755);
        return others;
    }

    /**
     * Gives every directory of the laid-out tree its owner's rwx back, so the build's scratch
     * directory can be deleted by a factory that is not root (an image's 0555 directories).
     */
    private static void deletable(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.setAttribute(dir, "unix:mode", 0700, LinkOption.NOFOLLOW_LINKS);  // before listing: 0000 directories
        try (java.util.stream.Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                deletable(p);
            }
        }
    }

    /** What the guest's init hands to the app's user: {@code /app} and the user's home, recursively. */
    static boolean ownedByUser(String path, RunAs owner) {
        return under(path, Rootfs.APP_DIR) || (!owner.home().equals("/") && under(path, owner.home()));
    }

    private static boolean under(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir + "/");
    }

    private static int effectiveUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    private static void run(List<String> cmd) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new IOException(MKFS + " not found: apt-get install erofs-utils (" + e.getMessage() + ")", e);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(MKFS + " did not finish within 10 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(MKFS + " interrupted", e);
        }
        if (p.exitValue() != 0) {
            String text = new String(out, StandardCharsets.UTF_8).strip();
            throw new IOException(MKFS + " failed (exit " + p.exitValue() + "): "
                    + (text.length() > 500 ? text.substring(text.length() - 500) : text));
        }
    }
}
