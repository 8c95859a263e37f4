package dev.paas.imagefactory.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/** Directory helpers: recursive delete, atomic publish of a cache entry under a lock. */
final class Trees {

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private Trees() {}

    /** Deletes a file or a tree without following symbolic links; quiet if absent. */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** What a cache build produces in its temporary directory. */
    @FunctionalInterface
    interface Filler {
        void fill(Path tmp) throws IOException;
    }

    /**
     * Returns {@code dir}, building it first if absent: under a lock (in this JVM and across
     * processes), in a temporary sibling renamed into place, so readers never see half a result.
     */
    static Path cached(Path dir, Filler filler) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        Path lockFile = parent.resolve(".lock-" + dir.getFileName());
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            Path tmp = Files.createTempDirectory(parent, ".tmp-" + dir.getFileName() + "-");
            try {
                filler.fill(tmp);
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
                    deleteTree(tmp);
                }
            } catch (IOException | RuntimeException e) {
                deleteTree(tmp);
                throw e;
            }
            return dir;
        } finally {
            local.unlock();
        }
    }
}
