package dev.paas.api.infra;

import dev.paas.api.core.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Secrets a local platform keeps in its data directory, readable by its owner only (0600). */
public final class LocalSecrets {

    private LocalSecrets() {
    }

    /** The secret in {@code file}, created with a new random value the first time. */
    public static String readOrCreate(Path file) {
        return readOrCreate(file, "paas_rk_");
    }

    /** As {@link #readOrCreate(Path)}, a new value starting with {@code prefix}. */
    public static String readOrCreate(Path file, String prefix) {
        try {
            Files.createDirectories(file.getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Secrets.newToken(prefix) + "\n");
            } catch (FileAlreadyExistsException e) {
                // Made by an earlier start: use it.
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }
}
