package dev.paas.api.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an instance of a process type other than web gets its own start command: every process
 * type of an app boots the same image, whose launch spec holds web's (the buildpack's or the
 * app's) command, so the command travels in the instance env, which the guest init reads at
 * launch ({@code kernel/README.md}, "Instance env"): {@value #COMMAND} replaces the launch
 * spec's command and is not passed on to the app.
 */
public final class ProcessLaunch {

    /** Read (and removed) by the guest init: the command this instance runs instead of the image's. */
    public static final String COMMAND = "PAAS_PROCESS_COMMAND";
    /** The process type, for the app (as Cloud Foundry's {@code VCAP_APPLICATION.process_type}). */
    public static final String TYPE = "PAAS_PROCESS_TYPE";
    /** The process type a task's VM is given ({@code PAAS_PROCESS_TYPE=task}); its command is the task's. */
    public static final String TASK = "task";

    private ProcessLaunch() {
    }

    /** {@code env} with the process type, and for a type other than web its command. */
    public static Map<String, String> of(Map<String, String> env, String type, String command) {
        Map<String, String> out = new LinkedHashMap<>(env);
        out.put(TYPE, type);
        // PAAS_* is refused in an app's env (push rules' Names); a web instance never carries one anyway.
        out.remove(COMMAND);
        if (!ProcessKey.WEB.equals(type) && command != null) {
            out.put(COMMAND, command);
        }
        return out;
    }
}
