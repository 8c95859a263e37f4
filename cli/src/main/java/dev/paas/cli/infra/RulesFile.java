package dev.paas.cli.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.cli.core.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a security group's RULES.json (Cloud Foundry's format: a JSON array of rule objects).
 * Only the shape is checked here (a readable file holding a JSON array); the control plane
 * checks every rule and names the one at fault ({@code rules[2].ports}).
 */
public final class RulesFile {

    /** Larger than any sensible rule list (the control plane takes at most 1000 rules). */
    static final long MAX_BYTES = 1 << 20;

    private RulesFile() {
    }

    public static JsonNode read(Path workDir, String name) {
        Path file = workDir.resolve(name);
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw usage(name + " is a directory; give the rules file, e.g. rules.json");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw usage(name + " is larger than 1 MiB; a rules file is a JSON array of rules");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw usage(name + ": no such file");
        } catch (IOException e) {
            throw usage(name + ": cannot read it (" + e.getMessage() + ")");
        }
        JsonNode rules;
        try {
            rules = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw usage(name + " is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (rules == null || !rules.isArray()) {
            throw usage(name + " must hold a JSON array of rules, e.g. "
                    + "[{\"protocol\": \"tcp\", \"destination\": \"10.0.0.0/24\", \"ports\": \"443\"}]");
        }
        return rules;
    }

    private static CliException usage(String message) {
        return new CliException(message, CliException.USAGE);
    }
}
