package dev.paas.api.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.RouteSpec;
import dev.paas.api.service.RouteService;
import dev.paas.model.CreateRouteRequest;
import dev.paas.model.MapRouteRequest;
import dev.paas.model.RouteView;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The Routes section of the app page: map a host (created in the space when it does not exist,
 * as {@code paas map-route}), map one of the space's unmapped routes, unmap, delete. Each answers
 * as {@link AppActions} does: 200 with {@code HX-Trigger: app-changed} and a message.
 */
@Path("/apps/{space}/{app}/routes")
public class RouteActions {

    private final UiSession session;
    private final RouteService routes;
    private final ObjectMapper json;

    public RouteActions(UiSession session, RouteService routes, ObjectMapper json) {
        this.session = session;
        this.routes = routes;
        this.json = json;
    }

    @POST
    public Response map(@RestPath String space, @RestPath String app, @RestForm String host, @RestForm String path) {
        Caller caller = session.caller();
        RouteSpec spec = RouteSpec.of(host == null ? null : host.strip(), path == null || path.isBlank() ? null : path.strip());
        Optional<RouteView> existing = routes.list(caller, space, AppsPage.ALL).items().stream()
                .filter(r -> r.host().equals(spec.host()) && Objects.requireNonNullElse(r.path(), "").equals(spec.path()))
                .findFirst();
        RouteView r = existing.isEmpty()
                ? routes.create(caller, space, new CreateRouteRequest(spec.host(), spec.path().isEmpty() ? null : spec.path(), app))
                : routes.map(caller, space, existing.get().id(), new MapRouteRequest(app));
        return AppActions.changed(json, "Mapped " + r.host() + Objects.requireNonNullElse(r.path(), "") + " to " + app + ".");
    }

    @POST
    @Path("{id}/map")
    public Response mapExisting(@RestPath String space, @RestPath String app, @RestPath long id) {
        RouteView r = routes.map(session.caller(), space, id, new MapRouteRequest(app));
        return AppActions.changed(json, "Mapped " + r.host() + Objects.requireNonNullElse(r.path(), "") + " to " + app + ".");
    }

    @POST
    @Path("{id}/unmap")
    public Response unmap(@RestPath String space, @RestPath String app, @RestPath long id) {
        RouteView r = routes.unmap(session.caller(), space, id);
        return AppActions.changed(json, "Unmapped " + r.host() + Objects.requireNonNullElse(r.path(), "")
                + "; it stays in space " + space + " until you delete it.");
    }

    @POST
    @Path("{id}/delete")
    public Response delete(@RestPath String space, @RestPath String app, @RestPath long id) {
        routes.delete(session.caller(), space, id);
        return AppActions.changed(json, "Deleted the route.");
    }

    @ServerExceptionMapper
    public Response failed(ApiException e, HttpHeaders headers, Request request) {
        return UiErrors.answer(e, headers, request);
    }
}
