package dev.paas.api.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.api.core.ApiException;
import dev.paas.api.service.AppService;
import dev.paas.api.service.BuildService;
import dev.paas.model.AppState;
import dev.paas.model.UpdateAppRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The app page's buttons and forms (htmx posts with the CSRF header). Each answers an empty 200
 * with an {@code HX-Trigger} that refreshes the page's fragments and shows what happened; a
 * refusal answers the API's status with its message, shown in the page's message bar.
 */
@Path("/apps/{space}/{app}")
public class AppActions {

    private final UiSession session;
    private final AppService apps;
    private final BuildService builds;
    private final ObjectMapper json;

    public AppActions(UiSession session, AppService apps, BuildService builds, ObjectMapper json) {
        this.session = session;
        this.apps = apps;
        this.builds = builds;
        this.json = json;
    }

    @POST
    @Path("start")
    public Response start(@RestPath String space, @RestPath String app) {
        apps.setState(session.caller(), space, app, AppState.STARTED);
        return done("Starting " + app + ".");
    }

    @POST
    @Path("stop")
    public Response stop(@RestPath String space, @RestPath String app) {
        apps.setState(session.caller(), space, app, AppState.STOPPED);
        return done("Stopping " + app + ".");
    }

    /** The same as {@code paas restart}: no staging; today's env and memory on the current image, then roll. */
    @POST
    @Path("restart")
    public Response restart(@RestPath String space, @RestPath String app) {
        builds.restart(session.caller(), space, app);
        return done("Restarting " + app + " with today's environment: replacing instances one at a time.");
    }

    @POST
    @Path("scale")
    public Response scale(@RestPath String space, @RestPath String app, @RestForm Long version, @RestForm String instances,
                          @RestForm String memory) {
        Integer count = number("instances", instances);
        apps.update(session.caller(), space, app, new UpdateAppRequest(required(version), count,
                memory == null || memory.isBlank() ? null : memory.strip(), null, null, null));
        return done("Scaled " + app + " to " + count + " instance" + (count == 1 ? "" : "s")
                + (memory == null || memory.isBlank() ? "" : " of " + memory.strip()) + ".");
    }

    /**
     * Replaces the whole environment with the form's rows; a row with an empty name is dropped.
     * A row the user did not reveal carries {@code kept} (its variable's name) and an empty value:
     * it keeps the stored value (under its possibly new name) unless a new value was typed.
     */
    @POST
    @Path("env")
    public Response env(@RestPath String space, @RestPath String app, @RestForm Long version,
                        @RestForm("name") List<String> names, @RestForm("value") List<String> values,
                        @RestForm("kept") List<String> kept) {
        Map<String, String> stored = apps.get(session.caller(), space, app).env();
        Map<String, String> env = env(names, values, kept, stored == null ? Map.of() : stored);
        apps.update(session.caller(), space, app, new UpdateAppRequest(required(version), null, null, null, env, null));
        return done("Saved " + env.size() + " environment variable" + (env.size() == 1 ? "" : "s")
                + ". Restart the app for running instances to see them.");
    }

    /** The environment a form's rows describe; see {@link #env(String, String, Long, List, List, List)}. */
    static Map<String, String> env(List<String> names, List<String> values, List<String> kept, Map<String, String> stored) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i) == null ? "" : names.get(i).strip();
            if (n.isEmpty()) {
                continue;
            }
            String value = i < values.size() && values.get(i) != null ? values.get(i) : "";
            String keep = i < kept.size() && kept.get(i) != null ? kept.get(i) : "";
            // A stale form (stored changed since) is refused by the version check in AppService.update.
            env.put(n, value.isEmpty() && !keep.isEmpty() ? stored.getOrDefault(keep, "") : value);
        }
        return env;
    }

    @POST
    @Path("rollback")
    public Response rollback(@RestPath String space, @RestPath String app, @RestForm String revision) {
        var r = builds.rollback(session.caller(), space, app, number("revision", revision));
        return done("Rolling back " + app + " to revision " + r.number() + ".");
    }

    @POST
    @Path("delete")
    public Response delete(@RestPath String space, @RestPath String app) {
        apps.delete(session.caller(), space, app);
        return Response.ok().header("HX-Redirect", "/").build();
    }

    @ServerExceptionMapper
    public Response failed(ApiException e, HttpHeaders headers, Request request) {
        return UiErrors.answer(e, headers, request);
    }

    private Response done(String message) {
        return changed(json, message);
    }

    /** 200 with {@code HX-Trigger}: the page's fragments refresh and {@code message} shows. */
    static Response changed(ObjectMapper json, String message) {
        try {
            String trigger = json.writeValueAsString(Map.of("app-changed", true, "paas-flash", Map.of("message", message)));
            return Response.ok().header("HX-Trigger", trigger).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long required(Long version) {
        if (version == null) {
            throw ApiException.invalid("version", "is missing; reload the page");
        }
        return version;
    }

    private static Integer number(String field, String text) {
        try {
            return Integer.valueOf(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(field, "'" + text + "' is not a whole number");
        }
    }
}
