package dev.paas.api.ui;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.model.CreateTaskRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.TaskState;
import dev.paas.model.TaskView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TaskPort} for dashboard tests on a control plane whose tasks are another module's:
 * tasks in memory, newest first, every call recorded. Installed with {@link TestPorts#tasks}.
 */
final class FakeTasks implements TaskPort {

    final List<TaskView> tasks = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();

    static TaskView task(int id, String name, String command, TaskState state, Integer exit, String reason) {
        Instant at = Instant.parse("2026-11-27T09:00:00Z");
        return new TaskView(id, "guid-" + id, name, command, state, exit, reason, "256M", "1G", state == TaskState.PENDING ? null : "node-1",
                at, at);
    }

    @Override
    public Optional<List<TaskView>> list(Caller caller, String space, String app) {
        calls.add("list " + space + "/" + app);
        List<TaskView> newest = new ArrayList<>(tasks);
        newest.sort((a, b) -> Integer.compare(b.id(), a.id()));
        return Optional.of(newest);
    }

    @Override
    public TaskView run(Caller caller, String space, String app, CreateTaskRequest r) {
        calls.add("run " + space + "/" + app + " " + r);
        if (r.memory() != null && !r.memory().matches("\\d+[MG]")) {
            throw ApiException.invalid("memory", "'" + r.memory() + "' is not a size such as 256M or 1G");
        }
        TaskView t = task(tasks.size() + 1, r.name() == null ? "a1b2c3d4" : r.name(), r.command(), TaskState.PENDING, null, null);
        tasks.add(t);
        return t;
    }

    @Override
    public TaskView cancel(Caller caller, String space, String app, String id) {
        calls.add("cancel " + space + "/" + app + " " + id);
        for (int i = 0; i < tasks.size(); i++) {
            TaskView t = tasks.get(i);
            if (String.valueOf(t.id()).equals(id)) {
                if (t.state().ended()) {
                    throw new ApiException(ErrorCode.CONFLICT, "task " + id + " has already ended");
                }
                TaskView c = task(t.id(), t.name(), t.command(), TaskState.FAILED, null, "task was cancelled");
                tasks.set(i, c);
                return c;
            }
        }
        throw ApiException.notFound("task " + id + " of app '" + app + "'");
    }
}
