package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.api.ImageException;
import dev.paas.nodeagent.api.ImageSource;
import dev.paas.nodeagent.api.LocalImage;
import dev.paas.nodeagent.core.LruPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The on-disk image cache: {@code <root>/<hex digest>/} holds {@code image.json} and the kernel,
 * initramfs and (large images) read-only root disk it names. Filled by downloading the archive (hashed while streaming), unpacking its
 * plain files into a temporary directory (hashing each), verifying (see {@link #verify}) and
 * renaming the directory into place; nothing unverified is ever used. The directory's mtime is
 * its last use; least recently used images that no VM pins are evicted above the cap.
 */
public final class ImageCache implements ImageSource {

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.images");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    /** Bounds each file of an archive: a kernel, an initramfs, a large image's root disk. */
    static final long MAX_ENTRY_BYTES = 2L << 30;
    /** image.json, a kernel, an initramfs and (large images) a root disk. */
    static final int MAX_ENTRIES = 4;
    /** Plain file names only: nothing that could climb out of the image's directory. */
    private static final Pattern ENTRY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Path root;
    private final long capBytes;
    private final ImageFetcher fetcher;
    private final Clock clock;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private volatile Set<String> pinned = Set.of();
    private final Counter hits;
    private final Counter misses;
    private final Counter refused;

    public ImageCache(Path root, long capBytes, ImageFetcher fetcher, Clock clock, MeterRegistry registry) {
        this.root = root.toAbsolutePath().normalize();
        this.capBytes = capBytes;
        this.fetcher = fetcher;
        this.clock = clock;
        this.hits = Counter.builder("paas_node_image_cache_hits").description("image lookups served from the cache")
                .register(registry);
        this.misses = Counter.builder("paas_node_image_cache_misses").description("image lookups that downloaded")
                .register(registry);
        this.refused = Counter.builder("paas_node_image_downloads_refused")
                .description("downloads refused (digest mismatch, bad archive)").register(registry);
        registry.gauge("paas_node_image_cache_bytes", this, ImageCache::sizeBytes);
    }

    public Path root() {
        return root;
    }

    @Override
    public void pin(Set<String> digestsInUse) {
        Set<String> hexes = new HashSet<>();
        for (String d : digestsInUse) {
            try {
                hexes.add(hex(d));
            } catch (ImageException ignored) {
                // a malformed digest names nothing in the cache
            }
        }
        pinned = Set.copyOf(hexes);
    }

    @Override
    public LocalImage obtain(String digest) throws ImageException {
        String hex = hex(digest);
        LocalImage image;
        synchronized (locks.computeIfAbsent(hex, d -> new Object())) {
            Path dir = root.resolve(hex);
            if (Files.isDirectory(dir)) {
                hits.increment();
                touch(dir);
                return load(digest, dir);
            }
            misses.increment();
            Path archive = root.resolve(".download-" + hex);
            Path tmpDir = root.resolve(".unpack-" + hex);
            try {
                String archiveSha;
                try {
                    archiveSha = fetcher.fetch(digest, archive);
                } catch (IOException e) {
                    throw new ImageException("image " + digest + " download failed: " + e.getMessage(), e);
                }
                StateDir.deleteTree(tmpDir);
                Files.createDirectory(tmpDir);  // not its parents: a vanished cache root is an error
                Map<String, String> hashes;
                try {
                    hashes = unpack(archive, tmpDir);
                } catch (IOException e) {
                    if (!archiveSha.equals(hex)) {
                        throw mismatch(digest, archiveSha);
                    }
                    throw e;
                }
                verify(digest, hex, archiveSha, tmpDir, hashes);
                load(digest, tmpDir);  // validates image.json before the image becomes visible
                Files.move(tmpDir, dir, StandardCopyOption.ATOMIC_MOVE);
                touch(dir);
                LOG.log(System.Logger.Level.INFO, "image.cached digest=" + digest);
            } catch (ImageException e) {
                refused.increment();
                throw e;
            } catch (IOException | RuntimeException e) {
                refused.increment();
                throw new ImageException("image " + digest + " could not be unpacked: " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(archive);
                    StateDir.deleteTree(tmpDir);
                } catch (IOException ignored) {
                    // a leftover temp file is removed on the next try
                }
            }
            image = load(digest, dir);
        }
        evict(hex);  // outside the digest's lock: eviction takes other digests' locks one at a time
        return image;
    }

    /**
     * The bytes are the image named by the digest when the whole archive hashes to it, or when
     * image.json hashes to it (the image factory's manifest digest) and every file it names has
     * the size and hash it states. Anything else is refused before any file is used.
     */
    private static void verify(String digest, String hex, String archiveSha, Path dir, Map<String, String> hashes)
            throws ImageException, IOException {
        if (archiveSha.equals(hex)) {
            return;
        }
        if (!hex.equals(hashes.get("image.json"))) {
            throw mismatch(digest, archiveSha);
        }
        ImageMetadata meta = ImageMetadata.parse(Files.readAllBytes(dir.resolve("image.json")));
        if (!meta.isManifest()) {
            throw mismatch(digest, archiveSha);
        }
        for (ImageMetadata.FileRef f : meta.files()) {
            String actual = hashes.get(f.name());
            if (actual == null || !actual.equals(f.sha256().orElseThrow())
                    || (f.bytes() >= 0 && Files.size(dir.resolve(f.name())) != f.bytes())) {
                throw new ImageException("image " + digest + " refused: " + f.name() + " does not match image.json (sha256 "
                        + f.sha256().orElseThrow() + ", got " + actual + ")");
            }
        }
    }

    private static ImageException mismatch(String digest, String archiveSha) {
        return new ImageException("image digest mismatch: asked for " + digest + ", downloaded bytes hash to "
                + archiveSha + " (and carry no image.json that hashes to it); refused");
    }

    /** Accepts {@code <64 hex>} and {@code sha256:<64 hex>}; returns the hex. */
    static String hex(String digest) throws ImageException {
        String hex = digest != null && digest.startsWith("sha256:") ? digest.substring(7) : digest;
        if (hex == null || !DIGEST.matcher(hex).matches()) {
            throw new ImageException("image digest must be 64 lowercase hex digits (optionally after 'sha256:'), got: "
                    + digest);
        }
        return hex;
    }

    /** Total bytes of cached images. */
    public long sizeBytes() {
        return entries().stream().mapToLong(LruPolicy.Entry::sizeBytes).sum();
    }

    private synchronized void evict(String keep) {
        Set<String> protect = new HashSet<>(pinned);
        protect.add(keep);
        for (String victim : LruPolicy.victims(entries(), capBytes, protect)) {
            synchronized (locks.computeIfAbsent(victim, d -> new Object())) {
                try {
                    StateDir.deleteTree(root.resolve(victim));
                    LOG.log(System.Logger.Level.INFO, "image.evicted digest=" + victim);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "image.evict-failed digest=" + victim + " error=" + e.getMessage());
                }
            }
        }
    }

    private List<LruPolicy.Entry> entries() {
        List<LruPolicy.Entry> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(p -> DIGEST.matcher(p.getFileName().toString()).matches()).toList()) {
                long size = 0;
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : files.toList()) {
                        size += Files.size(f);
                    }
                }
                out.add(new LruPolicy.Entry(d.getFileName().toString(), size,
                        Files.getLastModifiedTime(d).toInstant()));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "image.list-failed error=" + e.getMessage());
        }
        return out;
    }

    private void touch(Path dir) {
        try {
            Files.setLastModifiedTime(dir, FileTime.from(clock.instant()));
        } catch (IOException ignored) {
            // LRU order is best effort
        }
    }

    /**
     * Unpacks the archive's regular files (plain names only, at most {@value #MAX_ENTRIES}, each
     * at most {@link #MAX_ENTRY_BYTES}) into {@code dir} and returns each one's sha256.
     */
    private static Map<String, String> unpack(Path archive, Path dir) throws IOException {
        Map<String, String> hashes = new HashMap<>();
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (e.isDirectory() && (name.isEmpty() || name.equals("."))) {
                    continue;
                }
                if (!e.isFile() || !ENTRY_NAME.matcher(name).matches()) {
                    throw new IOException("unexpected archive entry '" + e.getName() + "' (only plain file names)");
                }
                if (hashes.containsKey(name)) {
                    throw new IOException("duplicate archive entry " + name);
                }
                if (hashes.size() == MAX_ENTRIES) {
                    throw new IOException("more than " + MAX_ENTRIES + " archive entries");
                }
                if (e.getSize() > MAX_ENTRY_BYTES) {
                    throw new IOException(name + " is larger than " + MAX_ENTRY_BYTES + " bytes");
                }
                MessageDigest sha = sha256();
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(dir.resolve(name)), sha)) {
                    tar.transferTo(out);
                }
                hashes.put(name, HexFormat.of().formatHex(sha.digest()));
            }
        }
        if (!hashes.containsKey("image.json")) {
            throw new IOException("archive has no image.json");
        }
        return hashes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private LocalImage load(String digest, Path dir) throws ImageException {
        try {
            ImageMetadata meta = ImageMetadata.parse(Files.readAllBytes(dir.resolve("image.json")));
            Path kernel = dir.resolve(meta.kernel().name());
            Path initramfs = dir.resolve(meta.initramfs().name());
            for (ImageMetadata.FileRef f : meta.files()) {
                if (!Files.isRegularFile(dir.resolve(f.name()))) {
                    throw new ImageException("image " + digest + " lacks " + f.name() + ", which its image.json names");
                }
            }
            return new LocalImage(digest, kernel, initramfs, meta.cmdline(), meta.guestPort(), meta.tcgCacheMib(),
                    meta.rootDisk().map(d -> dir.resolve(d.name())));
        } catch (IOException e) {
            throw new ImageException("image " + digest + " has an unreadable image.json: " + e.getMessage(), e);
        }
    }
}
