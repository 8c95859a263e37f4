package dev.paas.api.core;

import dev.paas.model.TaskState;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a task ended, from its node's report of the VM's end (the guest init's exit record as the
 * agent summarises it: "exited with code 3", "killed by signal 9", "failed to start (exec): ...",
 * or why the VM never ran). Exit 0 is SUCCEEDED; anything else FAILED, with the code when the
 * command exited by itself, and a reason in Cloud Foundry's words.
 */
public record TaskOutcome(TaskState state, Integer exitCode, String failureReason) {

    /** The reason a cancelled task ends with. */
    public static final String CANCELLED = "task was cancelled";

    private static final Pattern EXITED = Pattern.compile("^exited with code (\\d{1,10})");
    private static final Pattern FAILED_TO_START = Pattern.compile("^failed to start .*");

    /**
     * @param name       the task's name (for the reason's {@code APP/TASK/<name>})
     * @param exitReason the agent's report; null when it said nothing
     */
    public static TaskOutcome of(String name, String exitReason) {
        String source = "APP/TASK/" + name;
        String why = exitReason == null || exitReason.isBlank() ? "its VM ended without an exit record" : exitReason.strip();
        Matcher m = EXITED.matcher(why);
        if (m.find()) {
            long code = Long.parseLong(m.group(1));
            int exit = (int) Math.min(Integer.MAX_VALUE, code);
            return exit == 0 ? new TaskOutcome(TaskState.SUCCEEDED, 0, null)
                    : new TaskOutcome(TaskState.FAILED, exit, source + " exited with status " + exit);
        }
        if (FAILED_TO_START.matcher(why).matches()) {
            return new TaskOutcome(TaskState.FAILED, null, source + " " + why);
        }
        return new TaskOutcome(TaskState.FAILED, null, source + ": " + why);
    }
}
