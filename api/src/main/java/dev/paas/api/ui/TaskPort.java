package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.model.CreateTaskRequest;
import dev.paas.model.TaskView;
import java.util.List;
import java.util.Optional;

/**
 * Where the app page's Tasks card reads and starts an app's tasks: the same service the
 * {@code /v1/.../tasks} endpoints call ({@link TaskServicePort}), through this small door so tests
 * can show the card with other tasks or none (a port that answers empty: the card says so). Called on request
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
