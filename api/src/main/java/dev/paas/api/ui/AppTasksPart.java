package dev.paas.api.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.service.AppService;
import dev.paas.api.ui.Views.TaskRow;
import dev.paas.api.ui.Views.TasksCard;
import dev.paas.model.CreateTaskRequest;
import dev.paas.model.TaskState;
import dev.paas.model.TaskView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The app page's Tasks card: the app's one-off tasks (id, name, state, exit code, command), a form
 * to run one as {@code paas run-task} does and Cancel for one that has not ended
 * ({@code paas terminate-task}). Reads and writes through {@link TaskPort}.
 */
@Path("/apps/{space}/{app}")
public class AppTasksPart {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance appTasks(TasksCard card);

        static native TemplateInstance appTaskForm(TasksCard card);
    }

    private final UiSession session;
    private final AppService apps;
    private final TaskPort tasks;
    private final ObjectMapper json;
    private final Clock clock;

    public AppTasksPart(UiSession session, AppService apps, TaskPort tasks, ObjectMapper json, Clock clock) {
        this.session = session;
        this.apps = apps;
        this.tasks = tasks;
        this.json = json;
        this.clock = clock;
    }

    /** The tasks table, refreshed every few seconds (the run form is not in it: a refresh never takes what is typed). */
    @GET
    @Path("tasks")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance card(@RestPath String space, @RestPath String app) {
        return Templates.appTasks(card(space, app, true));
    }

    /** The run form, loaded once with the page; nothing on a control plane without tasks. */
    @GET
    @Path("task-form")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance form(@RestPath String space, @RestPath String app) {
        return Templates.appTaskForm(card(space, app, false));
    }

    private TasksCard card(String space, String app, boolean rows) {
        Caller caller = session.caller();
        apps.get(caller, space, app); // another space's app: 404, whatever the port does
        Optional<List<TaskView>> list = tasks.list(caller, space, app);
        Instant now = clock.instant();
        return new TasksCard("/apps/" + space + "/" + app, app, list.isPresent(),
                rows ? list.orElse(List.of()).stream().map(t -> row(t, now)).toList() : List.of());
    }

    /** Runs a task; a blank command is refused here, everything else as the API refuses it. */
    @POST
    @Path("tasks")
    public Response run(@RestPath String space, @RestPath String app, @RestForm String command, @RestForm String name,
                        @RestForm String memory) {
        Caller caller = session.caller();
        if (command == null || command.isBlank()) {
            throw ApiException.invalid("command", "is required: what the task runs, e.g. bin/migrate");
        }
        TaskView t = tasks.run(caller, space, app, new CreateTaskRequest(command.strip(), blankToNull(name), blankToNull(memory), null));
        return AppActions.changed(json, "Task " + t.id() + " (" + t.name() + ") of " + app + " is " + lower(t.state())
                + "; its output is in the log pane as APP/TASK/" + t.name() + ".");
    }

    @POST
    @Path("tasks/{id}/cancel")
    public Response cancel(@RestPath String space, @RestPath String app, @RestPath String id) {
        TaskView t = tasks.cancel(session.caller(), space, app, id);
        return AppActions.changed(json, "Cancelled task " + t.id() + " (" + t.name() + ") of " + app + ".");
    }

    @ServerExceptionMapper
    public Response failed(ApiException e, HttpHeaders headers, Request request) {
        return UiErrors.answer(e, headers, request);
    }

    static TaskRow row(TaskView t, Instant now) {
        TaskState s = t.state();
        String health = s == null ? "idle" : switch (s) {
            case PENDING -> "warn";
            case RUNNING, SUCCEEDED -> "ok";
            case FAILED -> "bad";
        };
        return new TaskRow(t.id(), Objects.requireNonNullElse(t.name(), ""), s == null ? "" : s.name(), health,
                t.exitCode() == null ? "" : String.valueOf(t.exitCode()), Objects.requireNonNullElse(t.command(), ""),
                Objects.requireNonNullElse(t.failureReason(), ""), Format.ago(t.createdAt(), now), s != null && !s.ended());
    }

    private static String lower(TaskState s) {
        return s == null ? "" : s.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
