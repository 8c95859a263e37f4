package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.LruPolicy;
import dev.paas.nodeagent.core.SnapshotKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The snapshots on this node, {@code <state-dir>/snapshots/<id>/} (0700, like the whole state
 * directory: a snapshot holds guest memory, the instance env's secrets included; nothing serves
 * these files and no guest can reach them): {@code memory} (QEMU's migration stream), {@code
 * disk.img} (a sparse copy of the writable disk at that moment) and {@code snapshot.json}
 * ({@link Meta}). A snapshot is written in a temporary directory and renamed into place with its
 * JSON, so a half-written one is never found. Last use is the JSON's modification time.
 * Thread-safe (each call is a few file operations; a key is written by one thread at a time).
 */
final class SnapshotStore {

    static final String MEMORY = "memory";
    static final String DISK = "disk.img";
    static final String META = "snapshot.json";

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.snapshots");

    /**
     * {@code snapshot.json}.
     *
     * @param key         the key's id (the directory's name)
     * @param parts       {@link SnapshotKey#describe()}: what the key is made of
     * @param memoryBytes size of {@code memory}
     * @param sha256      SHA-256 of {@code memory} (recorded: what the file is)
     * @param crc32c      CRC32C of {@code memory}, checked while a restoring QEMU loads it
     * @param diskBytes   host blocks of {@code disk.img} (sparse)
     * @param diskMib     the disk's size
     * @param createdAt   when it was taken
     * @param pausedMs    how long the source guest was paused for it
     * @param revision    the control plane's revision the snapshotted instance ran (heartbeats
     *                    report it); null in a snapshot taken before agents recorded it, or when
     *                    the control plane did not say: such a snapshot still restores, but is
     *                    never reported
     */
    record Meta(String key, String parts, long memoryBytes, String sha256, long crc32c, long diskBytes, int diskMib,
                Instant createdAt, long pausedMs, Long revision) {}

    /** A stored snapshot with what it takes on disk and its last use (the JSON's modification time). */
    record Listed(Stored stored, long sizeBytes, Instant lastUsed) {}

    /** A stored snapshot: its files and what its JSON says. */
    record Stored(Path dir, Meta meta) {
        Path memory() { return dir.resolve(MEMORY); }
        Path disk() { return dir.resolve(DISK); }
    }

    private final Path root;
    private final Clock clock;
    private volatile long budgetBytes;

    SnapshotStore(Path root, long budgetBytes, Clock clock) {
        this.root = root;
        this.budgetBytes = budgetBytes;
        this.clock = clock;
        try {
            Files.createDirectories(root);
            // Snapshots being written when a previous agent stopped are of no use.
            try (Stream<Path> s = Files.list(root)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                    StateDir.deleteTree(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "snapshot.store-unreadable path=" + root + " error=" + e.getMessage());
        }
    }

    long budgetBytes() {
        return budgetBytes;
    }

    /** 0 turns snapshots off. */
    void budgetBytes(long bytes) {
        this.budgetBytes = bytes;
    }

    boolean enabled() {
        return budgetBytes > 0;
    }

    /** The snapshot named {@code id}, if one is stored (its JSON read, its memory file present). */
    Optional<Stored> find(String id) {
        if (!SnapshotKey.isId(id)) {
            return Optional.empty();
        }
        Path dir = root.resolve(id);
        Path meta = dir.resolve(META);
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stored(dir, Json.MAPPER.readValue(meta.toFile(), Meta.class)));
        } catch (IOException e) {
            // Unreadable: a restore would fail on it; say so there rather than hide it here.
            return Optional.of(new Stored(dir, new Meta(null, null, -1, null, 0, 0, 0, null, 0, null)));
        }
    }

    boolean has(String id) {
        return find(id).isPresent();
    }

    /** Marks a snapshot used now (the LRU order). */
    void touch(String id) {
        try {
            Files.setLastModifiedTime(root.resolve(id).resolve(META), FileTime.from(clock.instant()));
        } catch (IOException e) {
            // gone meanwhile: nothing to order
        }
    }

    /** A new, empty, owner-only directory to write a snapshot's files into, then {@link #commit}. */
    Path begin(String id) throws IOException {
        Path tmp = root.resolve(".tmp-" + id + "-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectory(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return tmp;
    }

    /** Writes the JSON and moves the directory into place. */
    void commit(Path tmp, Meta meta) throws IOException {
        StateDir.writeAtomically(tmp.resolve(META), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
        Path target = root.resolve(meta.key());
        StateDir.deleteTree(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    void abort(Path tmp) {
        try {
            StateDir.deleteTree(tmp);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "snapshot.abort-failed path=" + tmp + " error=" + e.getMessage());
        }
    }

    void drop(String id) {
        if (!SnapshotKey.isId(id)) {
            return;
        }
        try {
            StateDir.deleteTree(root.resolve(id));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "snapshot.drop-failed key=" + id + " error=" + e.getMessage());
        }
    }

    /** Every stored snapshot, for the LRU. */
    List<LruPolicy.Entry> entries() {
        return list().stream().map(l -> new LruPolicy.Entry(l.stored().dir().getFileName().toString(), l.sizeBytes(),
                l.lastUsed())).toList();
    }

    /** Every stored snapshot with its size and last use (a few file reads each). */
    List<Listed> list() {
        List<Listed> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path dir : s.filter(p -> SnapshotKey.isId(p.getFileName().toString())).toList()) {
                String id = dir.getFileName().toString();
                Optional<Stored> st = find(id);
                if (st.isEmpty()) {
                    continue;
                }
                long size = Math.max(0, st.get().meta().memoryBytes()) + Math.max(0, st.get().meta().diskBytes());
                Instant used;
                try {
                    used = Files.getLastModifiedTime(dir.resolve(META)).toInstant();
                } catch (IOException e) {
                    used = Instant.EPOCH;
                }
                out.add(new Listed(st.get(), size, used));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "snapshot.list-failed error=" + e.getMessage());
        }
        return out;
    }

    /** Deletes least recently used snapshots, never a pinned one, until the rest fit the budget. */
    List<String> housekeep(Set<String> pinned) {
        List<String> victims = LruPolicy.victims(entries(), budgetBytes, pinned);
        for (String id : victims) {
            drop(id);
            LOG.log(System.Logger.Level.INFO, "snapshot.evicted key=" + id + " budget_bytes=" + budgetBytes);
        }
        return victims;
    }
}
