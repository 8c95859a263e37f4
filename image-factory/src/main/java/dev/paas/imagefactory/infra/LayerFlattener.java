package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.UnpackLimits;
import dev.paas.imagefactory.core.LayerPaths;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Applies an image's layers in order into one tree, as a container runtime's overlay would:
 * later entries replace earlier ones, {@code .wh.NAME} deletes NAME of the layers below,
 * {@code .wh..wh..opq} empties its directory of what the layers below put there. File contents
 * go to the scratch directory, one file each; modes (setuid included) and owners are kept.
 *
 * <p>Refused (each {@code UNSAFE_PACKAGE}, naming the layer, the entry and the rule):
 * {@code ..} segments in names (absolute names are taken from the image's root), a symbolic link whose relative target climbs above the root, a
 * hard link to a file that is not in the image (or outside it), a whiteout of {@code /}, an
 * entry below a symbolic link, and the size and count limits. Device files, FIFOs and sockets
 * are skipped (the guest's devtmpfs provides {@code /dev}).
 */
final class LayerFlattener {

    /** One node of the flattened tree; {@code mode} holds the type bits too. */
    record Entry(int mode, long uid, long gid, Path content, long size, String link, String origin) {
        boolean isDir() {
            return (mode & 0170000) == Rootfs.S_IFDIR;
        }
    }

    record Flattened(SortedMap<String, Entry> entries, int skippedSpecial, long bytes) {}

    private final UnpackLimits limits;
    private final Path scratch;
    private final SortedMap<String, Entry> tree = new TreeMap<>();
    private long bytes;
    private int files;
    private int skipped;

    LayerFlattener(UnpackLimits limits, Path scratch) {
        this.limits = limits;
        this.scratch = scratch;
    }

    Flattened flatten(List<OciImage.Layer> layers) throws IOException {
        Files.createDirectories(scratch);
        int i = 0;
        for (OciImage.Layer layer : layers) {
            i++;
            String where = "layer " + i + " (" + layer.digest().substring(0, Math.min(19, layer.digest().length())) + ")";
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(layer.file()), 1 << 16);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new PaddedAtEnd(decompressed(raw, where)))) {
                apply(tar, layer.digest(), where);
            }
        }
        return new Flattened(tree, skipped, bytes);
    }

    /** gzip, zstd or plain tar, by the stream's first bytes (docker save layers are plain). */
    static InputStream decompressed(InputStream in, String where) throws IOException {
        in.mark(4);
        byte[] m = in.readNBytes(4);
        in.reset();
        if (m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
            // Concatenated members too (pgzip, which umoci uses, writes several); the JDK's
            // GZIPInputStream stops early when available() is 0 at a member boundary.
            return new GzipCompressorInputStream(in, true);
        }
        if (m.length == 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f && (m[3] & 0xff) == 0xfd) {
            return new io.airlift.compress.zstd.ZstdInputStream(in);
        }
        return in;
    }

    private void apply(TarArchiveInputStream tar, String layerDigest, String where) throws IOException {
        Set<String> thisLayer = new HashSet<>();
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            String path;
            try {
                path = LayerPaths.normalise(e.getName());
            } catch (IllegalArgumentException x) {
                throw refuse(where, e.getName(), x.getMessage());
            }
            String base = LayerPaths.baseName(path);
            if (LayerPaths.isOpaque(path)) {
                String dir = LayerPaths.parent(path);
                removeBelow(dir, thisLayer);
                continue;
            }
            if (LayerPaths.isWhiteout(path)) {
                String name = base.substring(LayerPaths.WHITEOUT.length());
                if (name.isEmpty() || name.equals(".") || name.equals("..") || path.equals("/")) {
                    throw refuse(where, e.getName(), "a whiteout of / (it would delete the whole root)");
                }
                String gone = LayerPaths.whitedOut(path);
                if (!thisLayer.contains(gone)) {  // a whiteout hides the layers below, never its own
                    tree.remove(gone);
                    removeBelow(gone, thisLayer);
                }
                continue;
            }
            if (path.equals("/")) {
                continue;  // the root's own entry: the guest's root is always root's 0755
            }
            checkParents(path, where, e.getName());
            int perm = e.getMode() & 07777;
            Entry entry;
            if (e.isDirectory()) {
                entry = new Entry(Rootfs.S_IFDIR | perm, e.getLongUserId(), e.getLongGroupId(), null, 0, null, null);
            } else if (e.isSymbolicLink()) {
                String target = e.getLinkName();
                if (!LayerPaths.symlinkStaysInside(path, target)) {
                    throw refuse(where, e.getName(), "symbolic link to " + target + " leaves the image's root");
                }
                entry = new Entry(Rootfs.S_IFLNK | 0777, e.getLongUserId(), e.getLongGroupId(), null, 0, target, null);
            } else if (e.isLink()) {
                String target;
                try {
                    target = LayerPaths.normalise(e.getLinkName());
                } catch (IllegalArgumentException x) {
                    throw refuse(where, e.getName(), "hard link to " + e.getLinkName() + " leaves the image's root");
                }
                Entry t = tree.get(target);
                if (t == null || (t.mode() & 0170000) != Rootfs.S_IFREG) {
                    throw refuse(where, e.getName(), "hard link to " + e.getLinkName() + ", which is not a file of the image");
                }
                entry = t;
            } else if (e.isFile()) {
                bytes += e.getSize();
                if (bytes > limits.maxTotalBytes()) {
                    throw new StagingException(StagingException.Reason.UNSAFE_PACKAGE, "the image's layers hold over "
                            + (limits.maxTotalBytes() >> 20) + " MiB of files (at " + where + ", " + e.getName() + ")");
                }
                Path content = scratch.resolve(Integer.toString(files++));
                try (OutputStream out = Files.newOutputStream(content)) {
                    copyEntry(tar, out);  // not transferTo: the JDK's may bypass the entry's bounds
                }
                entry = new Entry(Rootfs.S_IFREG | perm, e.getLongUserId(), e.getLongGroupId(), content, e.getSize(), null,
                        layerDigest + ":" + path);
            } else {
                skipped++;
                continue;
            }
            Entry old = tree.get(path);
            if (old != null && !(old.isDir() && entry.isDir())) {
                tree.remove(path);
                removeBelow(path, Set.of());
            }
            tree.put(path, entry);
            thisLayer.add(path);
            if (tree.size() > limits.maxEntries()) {
                throw new StagingException(StagingException.Reason.UNSAFE_PACKAGE, "the image has over "
                        + limits.maxEntries() + " files (at " + where + ")");
            }
        }
    }

    /** Parents must be directories (created 0755 root when a layer omits them), never links or files. */
    private void checkParents(String path, String where, String name) {
        for (String p = LayerPaths.parent(path); !p.equals("/"); p = LayerPaths.parent(p)) {
            Entry e = tree.get(p);
            if (e != null && !e.isDir()) {
                throw refuse(where, name, "it is below " + p + ", which is not a directory in the image"
                        + (e.link() != null ? " (a symbolic link to " + e.link() + ")" : ""));
            }
        }
        for (String p = LayerPaths.parent(path); !p.equals("/"); p = LayerPaths.parent(p)) {
            tree.putIfAbsent(p, new Entry(Rootfs.S_IFDIR | 0755, 0, 0, null, 0, null, null));
        }
    }

    /** Removes everything strictly below {@code dir} except what {@code keep} holds. */
    private void removeBelow(String dir, Set<String> keep) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        SortedMap<String, Entry> below = tree.subMap(prefix, prefix + Character.MAX_VALUE);
        below.keySet().removeIf(k -> !keep.contains(k));
    }

    private static StagingException refuse(String where, String name, String rule) {
        return new StagingException(StagingException.Reason.UNSAFE_PACKAGE, "the image is unsafe: " + where
                + ", entry " + name + ": " + rule);
    }


    static void copyEntry(InputStream entry, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = entry.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
    }

    /**
     * Ends a tar that stops right after its last entry's data (umoci writes such layers; Go's and
     * Docker's readers accept them) with the record padding and end-of-archive blocks it lacks.
     * A layer cut short inside an entry still fails: at most 511 + 1024 zero bytes are added.
     */
    static final class PaddedAtEnd extends java.io.FilterInputStream {
        private long position;
        private long padding = -1;

        PaddedAtEnd(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (padding < 0) {
                int n = in.read(b, off, len);
                if (n >= 0) {
                    position += n;
                    return n;
                }
                padding = (512 - position % 512) % 512 + 1024;
            }
            if (padding == 0 || len == 0) {
                return padding == 0 ? -1 : 0;
            }
            int n = (int) Math.min(len, padding);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            padding -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            long done = 0;
            for (int r; done < n && (r = read(buf, 0, (int) Math.min(buf.length, n - done))) > 0; ) {
                done += r;
            }
            return done;
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
