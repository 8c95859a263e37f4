package dev.paas.api.ui;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.model.CreateTaskRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.TaskView;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The {@link TaskPort} of a control plane without tasks: any other implementation replaces it. */
@DefaultBean
@ApplicationScoped
public class NoTasks implements TaskPort {

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
