package dev.paas.api.core;

import dev.paas.model.CreateTaskRequest;
import dev.paas.pushrules.AppRules;
import dev.paas.pushrules.ByteSize;
import java.util.HexFormat;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * A {@code run-task} request, validated once: its command, its name (given, or 8 hex characters
 * as Cloud Foundry makes up), and its memory and disk, which default to the app's.
 */
public record TaskRules(String command, String name, ByteSize memory, ByteSize disk) {

    /**
     * A name travels in the log source ({@code APP/TASK/<name>}) and in the CLI's table, so it is
     * kept to one printable word: letters, digits, {@code . _ -}, at most 64.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * @param appMemory the app's memory (the default)
     * @param appDisk   the app's disk quota (the default)
     * @param random    a source of random ints (the default name: 8 hex characters)
     */
    public static TaskRules of(CreateTaskRequest req, ByteSize appMemory, ByteSize appDisk, IntSupplier random) {
        if (req == null) {
            throw ApiException.invalid("body", "is required: send {\"command\": \"bin/migrate\"}");
        }
        if (req.command() == null || req.command().isBlank()) {
            throw ApiException.invalid("command", "is required: the command the task runs, e.g. \"bin/rake db:migrate\"");
        }
        String command = ApiException.checked("command", req.command(), AppRules::commandProblem).strip();
        String name;
        if (req.name() == null) {
            name = HexFormat.of().toHexDigits(random.getAsInt());
        } else if (!NAME.matcher(req.name()).matches()) {
            throw ApiException.invalid("name", "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        } else {
            name = req.name();
        }
        ByteSize memory = req.memory() == null ? appMemory : AppSpec.memory(req.memory());
        ByteSize disk = req.disk() == null ? appDisk : AppSpec.disk(req.disk());
        return new TaskRules(command, name, memory, disk);
    }
}
