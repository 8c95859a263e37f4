package dev.paas.cli.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.paas.cli.core.CliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * {@code config.json} in {@code ~/.config/paas} ({@code PAAS_HOME} moves the directory). The file
 * holds a bearer token, so it is written 0600 in a 0700 directory, atomically (write a temporary
 * file, then rename), and never world-readable even for an instant.
 */
public final class ConfigStore {

    private final Path dir;

    public ConfigStore(Path dir) {
        this.dir = dir;
    }

    /** The directory from the environment: {@code $PAAS_HOME} or {@code ~/.config/paas}. */
    public static ConfigStore fromEnv(Map<String, String> env) {
        String home = env.get("PAAS_HOME");
        if (home != null && !home.isBlank()) {
            return new ConfigStore(Path.of(home));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new ConfigStore(base.resolve("paas"));
    }

    public Path file() {
        return dir.resolve("config.json");
    }

    public Config load() {
        Path f = file();
        if (!Files.exists(f)) {
            return Config.empty();
        }
        try {
            return Json.MAPPER.readValue(Files.readString(f, StandardCharsets.UTF_8), Config.class);
        } catch (JsonProcessingException e) {
            throw new CliException(f + " is not valid JSON (" + e.getOriginalMessage()
                    + "); fix it, or delete it and run 'paas login'");
        } catch (IOException e) {
            throw new CliException("cannot read " + f + ": " + e.getMessage());
        }
    }

    public void save(Config config) {
        try {
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException ignored) {
                    // created meanwhile: fine
                }
            }
            Path tmp = Files.createTempFile(dir, "config", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Json.pretty(config) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new CliException("cannot write " + file() + ": " + e.getMessage());
        }
    }
}
