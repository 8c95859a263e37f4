package dev.paas.api.ui;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.PageRequest;
import dev.paas.api.service.AppService;
import dev.paas.api.service.BuildService;
import dev.paas.api.service.RouteService;
import dev.paas.api.service.SpaceService;
import dev.paas.api.ui.Views.AppRow;
import dev.paas.model.AppState;
import dev.paas.model.AppView;
import dev.paas.model.InstanceState;
import dev.paas.model.InstanceView;
import dev.paas.model.RevisionView;
import dev.paas.model.RouteView;
import dev.paas.model.SpaceView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The home page: every app the caller may see, in every space, refreshed every few seconds. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AppsPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance apps(List<AppRow> apps, int spaces);

        static native TemplateInstance appsTable(List<AppRow> apps, int spaces);
    }

    static final PageRequest ALL = PageRequest.of(1, PageRequest.MAX_PER_PAGE);
    private final UiSession session;
    private final SpaceService spaces;
    private final AppService apps;
    private final RouteService routes;
    private final BuildService builds;
    private final Clock clock;

    public AppsPage(UiSession session, SpaceService spaces, AppService apps, RouteService routes, BuildService builds, Clock clock) {
        this.session = session;
        this.spaces = spaces;
        this.apps = apps;
        this.routes = routes;
        this.builds = builds;
        this.clock = clock;
    }

    @GET
    public TemplateInstance page() {
        List<SpaceView> sp = spaces.list(session.caller(), ALL).items();
        return Templates.apps(rows(sp), sp.size());
    }

    /** The table alone, for htmx's polling. */
    @GET
    @Path("apps-table")
    public TemplateInstance table() {
        List<SpaceView> sp = spaces.list(session.caller(), ALL).items();
        return Templates.appsTable(rows(sp), sp.size());
    }

    @ServerExceptionMapper
    public Response failed(ApiException e, HttpHeaders headers, Request request) {
        return UiErrors.answer(e, headers, request);
    }

    private List<AppRow> rows(List<SpaceView> sp) {
        Caller caller = session.caller();
        Instant now = clock.instant();
        List<AppRow> rows = new ArrayList<>();
        for (SpaceView s : sp) {
            List<RouteView> spaceRoutes = routes.list(caller, s.name(), ALL).items();
            for (AppView a : apps.list(caller, s.name(), ALL).items()) {
                List<InstanceView> inst = apps.instances(caller, s.name(), a.name());
                List<RevisionView> revs = builds.revisions(caller, s.name(), a.name());
                String route = spaceRoutes.stream().filter(r -> a.name().equals(r.app())).findFirst()
                        .map(r -> r.host() + (r.path() == null ? "" : r.path())).orElse("");
                rows.add(row(a, inst, route, revs.isEmpty() ? null : revs.get(0).createdAt(), now));
            }
        }
        return rows;
    }

    static AppRow row(AppView a, List<InstanceView> inst, String route, Instant lastPush, Instant now) {
        int running = (int) inst.stream().filter(i -> i.state() == InstanceState.RUNNING).count();
        // A crashed instance is soon replaced by a new attempt; the crash count tells it apart.
        long crashed = inst.stream().filter(i -> i.state() == InstanceState.CRASHED
                || i.state() != InstanceState.RUNNING && i.crashCount() > 0).count();
        long pending = inst.stream().filter(i -> i.placementError() != null && !i.placementError().isBlank()).count();
        boolean started = a.state() == AppState.STARTED;
        String health;
        String note = "";
        if (!started) {
            health = "idle";
        } else if (crashed > 0) {
            health = "bad";
            note = crashed + " crashing";
        } else if (lastPush == null) {
            health = "warn";
            note = "never pushed";
        } else if (pending > 0) {
            health = "warn";
            note = pending + " cannot be placed";
        } else if (running < a.instances()) {
            health = "warn";
            note = "starting";
        } else {
            health = "ok";
        }
        return new AppRow(a.space(), a.name(), a.state().name(), running, started ? a.instances() : 0, a.memory(), route,
                lastPush == null ? "never" : Format.ago(lastPush, now), health, note);
    }
}
