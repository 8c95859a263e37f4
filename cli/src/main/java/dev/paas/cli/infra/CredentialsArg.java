package dev.paas.cli.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.cli.core.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code -p} of {@code create-user-provided-service}, read as the cf CLI reads it: inline
 * JSON, else a file holding JSON, else comma-separated key names whose values are prompted for.
 * Text that starts with '{' must be a JSON object (a typo is not taken for key names).
 */
public final class CredentialsArg {

    static final long MAX_BYTES = 64 * 1024;

    /** Either {@code credentials} (from JSON) or {@code keys} (to prompt for). */
    public record Parsed(Map<String, Object> credentials, List<String> keys) {
    }

    private CredentialsArg() {
    }

    public static Parsed read(Path workDir, String arg) {
        return read(workDir, "-p", arg);
    }

    /** As {@link #read(Path, String)}, messages naming {@code flag}. */
    public static Parsed read(Path workDir, String flag, String arg) {
        String text = arg.strip();
        if (text.startsWith("{")) {
            return new Parsed(object(flag, text), null);
        }
        Path file = file(workDir, text);
        if (file != null) {
            try {
                if (Files.size(file) > MAX_BYTES) {
                    throw usage(flag + ": " + arg + " is larger than 64 KiB; credentials are a small JSON object");
                }
                return new Parsed(object(flag + ": " + arg, Files.readString(file)), null);
            } catch (IOException e) {
                throw usage(flag + ": " + arg + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        List<String> keys = Arrays.stream(text.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList();
        if (keys.isEmpty()) {
            throw usage(flag + ": give credentials as JSON ('{\"user\":\"admin\"}'), a JSON file, or key names to be asked for (user,password)");
        }
        return new Parsed(null, keys);
    }

    private static Path file(Path workDir, String name) {
        try {
            Path p = workDir.resolve(name);
            return Files.isRegularFile(p) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String what, String text) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw usage(what + " is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw usage(what + " must be a JSON object, e.g. {\"uri\": \"postgres://...\"}");
        }
        return Json.MAPPER.convertValue(node, Map.class);
    }

    private static CliException usage(String message) {
        return new CliException(message, CliException.USAGE);
    }
}
