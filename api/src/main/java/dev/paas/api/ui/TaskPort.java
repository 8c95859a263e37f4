package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.model.CreateTaskRequest;
import dev.paas.model.TaskView;
import java.util.List;
import java.util.Optional;

/**
 * Where the app page's Tasks card reads and starts an app's tasks: the same service the
 * {@code /v1/.../tasks} endpoints call, through this small door so the dashboard also runs on a
 * control plane without tasks ({@link NoTasks}, which says so on the card). Called on request
 * threads with the dashboard caller; the implementation checks the caller as the API does.
 */
public interface TaskPort {

    /** The app's tasks, newest first (the last 50); empty when this control plane runs no tasks. */
    Optional<List<TaskView>> list(Caller caller, String space, String app);

    /** As {@code POST .../tasks}: validates everything before anything is written. */
    TaskView run(Caller caller, String space, String app, CreateTaskRequest request);

    /** As {@code POST .../tasks/{id}/cancel}: 409 when it has already ended. */
    TaskView cancel(Caller caller, String space, String app, String id);
}
