package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.api.core.PageRequest;
import dev.paas.api.service.TaskService;
import dev.paas.model.CreateTaskRequest;
import dev.paas.model.TaskView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The Tasks card reads and starts tasks through the service {@code /v1/.../tasks} calls. */
@ApplicationScoped
@io.quarkus.arc.Unremovable
public class TaskServicePort implements TaskPort {

    private final TaskService tasks;

    public TaskServicePort(TaskService tasks) {
        this.tasks = tasks;
    }

    @Override
    public Optional<List<TaskView>> list(Caller caller, String space, String app) {
        return Optional.of(tasks.list(caller, space, app, PageRequest.of(1, 50)).items());
    }

    @Override
    public TaskView run(Caller caller, String space, String app, CreateTaskRequest request) {
        return tasks.create(caller, space, app, request);
    }

    @Override
    public TaskView cancel(Caller caller, String space, String app, String id) {
        return tasks.cancel(caller, space, app, id);
    }
}
