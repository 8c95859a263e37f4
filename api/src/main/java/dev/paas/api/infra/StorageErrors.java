package dev.paas.api.infra;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.Map;

/**
 * Words for a failed file operation that an operator can act on: the path and the reason with
 * its errno name ({@code /var/paas/blobs/packages: permission denied (EACCES)}). Java keeps the
 * errno only as the C library's text; this maps the texts that storage failures produce back to
 * the names operators search for.
 */
public final class StorageErrors {

    private static final Map<String, String> ERRNO = Map.ofEntries(
            Map.entry("operation not permitted", "EPERM"),
            Map.entry("permission denied", "EACCES"),
            Map.entry("no such file or directory", "ENOENT"),
            Map.entry("no space left on device", "ENOSPC"),
            Map.entry("disk quota exceeded", "EDQUOT"),
            Map.entry("read-only file system", "EROFS"),
            Map.entry("not a directory", "ENOTDIR"),
            Map.entry("is a directory", "EISDIR"),
            Map.entry("file exists", "EEXIST"),
            Map.entry("input/output error", "EIO"),
            Map.entry("too many open files", "EMFILE"),
            Map.entry("file name too long", "ENAMETOOLONG"));

    private StorageErrors() {
    }

    /** {@code PATH: reason (ERRNO)} when Java names them, else the exception's own message. */
    public static String describe(IOException e) {
        String path = null;
        String reason = e.getMessage();
        if (e instanceof FileSystemException fs) {
            path = fs.getFile();
            reason = fs.getReason();
            if (reason == null) {
                reason = e instanceof AccessDeniedException ? "permission denied"
                        : e instanceof NoSuchFileException ? "no such file or directory"
                        : e instanceof FileAlreadyExistsException ? "file exists"
                        : e instanceof NotDirectoryException ? "not a directory" : e.getClass().getSimpleName();
            }
        }
        if (reason == null || reason.isBlank()) {
            reason = e.getClass().getSimpleName();
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        String errno = ERRNO.entrySet().stream().filter(en -> lower.contains(en.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
        String text = lower + (errno == null ? "" : " (" + errno + ")");
        return path == null ? text : path + ": " + text;
    }
}
