package dev.paas.api.ui;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.model.CreateTaskRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.TaskView;
import java.util.List;
import java.util.Optional;

/** A {@link TaskPort} of a control plane without tasks: what the Tasks card shows then (tests hand it to {@link TestPorts}). */
final class NoTasks implements TaskPort {

    static final String MESSAGE = "this control plane runs no tasks yet";

    @Override
    public Optional<List<TaskView>> list(Caller caller, String space, String app) {
        return Optional.empty();
    }

    @Override
    public TaskView run(Caller caller, String space, String app, CreateTaskRequest request) {
        throw new ApiException(ErrorCode.NOT_FOUND, MESSAGE);
    }

    @Override
    public TaskView cancel(Caller caller, String space, String app, String id) {
        throw new ApiException(ErrorCode.NOT_FOUND, MESSAGE);
    }
}
