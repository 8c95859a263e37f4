package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.TaskService;
import dev.paas.model.CreateTaskRequest;
import dev.paas.model.Page;
import dev.paas.model.TaskView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** An app's one-off tasks (members of its space): run, list, show, cancel. */
@Path("/v1/spaces/{space}/apps/{app}/tasks")
public class TaskResource {

    private final TaskService tasks;
    private final CurrentCaller caller;

    public TaskResource(TaskService tasks, CurrentCaller caller) {
        this.tasks = tasks;
        this.caller = caller;
    }

    @POST
    public Response create(@RestPath String space, @RestPath String app, CreateTaskRequest req) {
        TaskView t = tasks.create(caller.get(), space, app, req);
        return Created.at("/v1/spaces/" + space + "/apps/" + app + "/tasks/" + t.id(), t);
    }

    @GET
    public Page<TaskView> list(@RestPath String space, @RestPath String app, @RestQuery String page, @RestQuery String perPage) {
        return tasks.list(caller.get(), space, app, PageRequest.parse(page, perPage));
    }

    @GET
    @Path("/{id}")
    public TaskView get(@RestPath String space, @RestPath String app, @RestPath String id) {
        return tasks.get(caller.get(), space, app, id);
    }

    /** 202: the task has ended as cancelled; its VM stops in the background (grace, then kill). */
    @POST
    @Path("/{id}/cancel")
    public Response cancel(@RestPath String space, @RestPath String app, @RestPath String id) {
        return Response.accepted(tasks.cancel(caller.get(), space, app, id)).build();
    }
}
