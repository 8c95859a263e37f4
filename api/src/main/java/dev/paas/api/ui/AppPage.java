package dev.paas.api.ui;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.PageRequest;
import dev.paas.api.service.AppService;
import dev.paas.api.service.BuildService;
import dev.paas.api.service.EventService;
import dev.paas.api.service.RequestMetricsService;
import dev.paas.api.service.RouteService;
import dev.paas.api.ui.Views.AppHeader;
import dev.paas.api.ui.Views.EnvRow;
import dev.paas.api.ui.Views.EventRow;
import dev.paas.api.ui.Views.InstanceRow;
import dev.paas.api.ui.Views.RevisionRow;
import dev.paas.api.ui.Views.RouteLink;
import dev.paas.model.AppMetricsView;
import dev.paas.model.AppState;
import dev.paas.model.AppView;
import dev.paas.model.EventView;
import dev.paas.model.InstanceState;
import dev.paas.model.InstanceView;
import dev.paas.model.RouteView;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * An app's page and the fragments htmx refreshes on it (instances every 2 s, events every 5 s,
 * everything after an action). The log pane is the browser's: it reads {@code /v1/.../logs}.
 */
@Path("/apps/{space}/{app}")
@Produces(MediaType.TEXT_HTML)
public class AppPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance app(AppHeader app, List<InstanceRow> instances, List<EnvRow> env,
                                           List<RevisionRow> revisions, List<EventRow> events, List<RouteLink> unmapped,
                                           AppBanner banner, MetricsChart.Panel metrics);

        static native TemplateInstance appRoutes(AppHeader app, List<RouteLink> unmapped);

        static native TemplateInstance appHeader(AppHeader app, AppBanner banner);

        static native TemplateInstance appInstances(AppHeader app, List<InstanceRow> instances);

        static native TemplateInstance appSettings(AppHeader app, List<EnvRow> env);

        static native TemplateInstance appEnv(AppHeader app, List<EnvRow> env, boolean revealed);

        static native TemplateInstance appRevisions(AppHeader app, List<RevisionRow> revisions);

        static native TemplateInstance appEvents(AppHeader app, List<EventRow> events);
    }

    private final UiSession session;
    private final AppService apps;
    private final RouteService routes;
    private final BuildService builds;
    private final EventService events;
    private final InstanceMetrics metrics;
    private final RequestMetricsService usage;
    private final Clock clock;

    public AppPage(UiSession session, AppService apps, RouteService routes, BuildService builds, EventService events,
                   InstanceMetrics metrics, RequestMetricsService usage, Clock clock) {
        this.usage = usage;
        this.session = session;
        this.apps = apps;
        this.routes = routes;
        this.builds = builds;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    @GET
    public TemplateInstance page(@RestPath String space, @RestPath String app) {
        AppView a = apps.get(session.caller(), space, app);
        List<RouteView> spaceRoutes = spaceRoutes(a);
        AppHeader h = header(a, spaceRoutes);
        AppMetricsView m = usage.of(session.caller(), space, app);
        return Templates.app(h, instances(a, m), env(a, false), revisions(a), events(a), unmapped(spaceRoutes), banner(a),
                MetricsChart.of(m));
    }

    /** The app's routes, and the space's unmapped ones (to map here or delete). */
    @GET
    @Path("routes")
    public TemplateInstance routesPart(@RestPath String space, @RestPath String app) {
        AppView a = apps.get(session.caller(), space, app);
        List<RouteView> spaceRoutes = spaceRoutes(a);
        return Templates.appRoutes(header(a, spaceRoutes), unmapped(spaceRoutes));
    }

    @GET
    @Path("header")
    public TemplateInstance headerPart(@RestPath String space, @RestPath String app) {
        AppView a = apps.get(session.caller(), space, app);
        return Templates.appHeader(header(a), banner(a));
    }

    @GET
    @Path("instances")
    public TemplateInstance instancesPart(@RestPath String space, @RestPath String app) {
        AppView a = apps.get(session.caller(), space, app);
        return Templates.appInstances(header(a), instances(a, usage.of(session.caller(), space, app)));
    }

    @GET
    @Path("settings")
    public TemplateInstance settingsPart(@RestPath String space, @RestPath String app) {
        AppView a = apps.get(session.caller(), space, app);
        return Templates.appSettings(header(a), env(a, false));
    }

    /**
     * The environment editor with its values: the only way values reach the browser (the page
     * and its other fragments carry names only). Not cached anywhere on the way.
     */
    @GET
    @Path("env")
    public Response envPart(@RestPath String space, @RestPath String app) {
        AppView a = apps.get(session.caller(), space, app);
        return Response.ok(Templates.appEnv(header(a), env(a, true), true).render(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("revisions")
    public TemplateInstance revisionsPart(@RestPath String space, @RestPath String app) {
        AppView a = apps.get(session.caller(), space, app);
        return Templates.appRevisions(header(a), revisions(a));
    }

    @GET
    @Path("events")
    public TemplateInstance eventsPart(@RestPath String space, @RestPath String app) {
        AppView a = apps.get(session.caller(), space, app);
        return Templates.appEvents(header(a), events(a));
    }

    @ServerExceptionMapper
    public Response failed(ApiException e, HttpHeaders headers, Request request) {
        return UiErrors.answer(e, headers, request);
    }

    /** A failed (or running) build, or a start that fails: said once, at the top, with the staging log. */
    private AppBanner banner(AppView a) {
        Caller caller = session.caller();
        return AppBanner.of(a, builds.list(caller, a.space(), a.name()), apps.instances(caller, a.space(), a.name()), clock.instant())
                .orElse(null);
    }

    private List<RouteView> spaceRoutes(AppView a) {
        return routes.list(session.caller(), a.space(), AppsPage.ALL).items();
    }

    private static List<RouteLink> unmapped(List<RouteView> spaceRoutes) {
        return spaceRoutes.stream().filter(r -> r.app() == null).map(AppPage::link).toList();
    }

    private static RouteLink link(RouteView r) {
        return new RouteLink(r.id(), r.host() + (r.path() == null ? "" : r.path()), r.url());
    }

    private AppHeader header(AppView a) {
        return header(a, spaceRoutes(a));
    }

    private AppHeader header(AppView a, List<RouteView> spaceRoutes) {
        List<RouteLink> mapped = spaceRoutes.stream().filter(r -> a.name().equals(r.app())).map(AppPage::link).toList();
        return new AppHeader(a.space(), a.name(), a.state().name(), a.state() == AppState.STARTED, a.instances(), a.memory(),
                a.version(), mapped, Format.stamp(a.createdAt()), a.command() == null ? "" : a.command());
    }

    /** The app's instances, with what each uses as {@code m} says (by index). */
    private List<InstanceRow> instances(AppView a, AppMetricsView m) {
        Instant now = clock.instant();
        Map<Integer, AppMetricsView.InstanceUsage> byIndex = m.instances().stream()
                .collect(Collectors.toMap(AppMetricsView.InstanceUsage::index, u -> u, (x, y) -> x));
        return apps.instances(session.caller(), a.space(), a.name()).stream().map(i -> instance(a, i, byIndex.get(i.index()), now))
                .toList();
    }

    private InstanceRow instance(AppView a, InstanceView i, AppMetricsView.InstanceUsage used, Instant now) {
        String key = a.space() + "/" + a.name() + "/" + i.index() + "@" + i.revision() + "/" + i.node();
        boolean running = i.state() == InstanceState.RUNNING;
        InstanceMetrics.Usage usage = running ? metrics.observe(key, used == null ? null : used.cpuPercent())
                : new InstanceMetrics.Usage("–", "");
        Long guest = running && used != null ? used.memoryUsedBytes() : null;
        Double guestPercent = running && used != null ? used.memoryPercent() : null;
        String health = switch (i.state()) {
            case RUNNING -> Boolean.FALSE.equals(i.healthy()) ? "warn" : "ok";
            case CRASHED -> "bad";
            case UNCLAIMED, CLAIMED, STARTING -> i.crashCount() > 0 ? "bad" : "warn";
            case DRAINING, STOPPING, STOPPED -> "idle";
            default -> "warn";
        };
        return new InstanceRow(i.index(), i.state().name(), health, i.node() == null ? "not placed" : i.node(),
                i.state() == InstanceState.RUNNING && i.since() != null ? Format.duration(Duration.between(i.since(), now)) : "–",
                Format.bytes(guest), guestPercent == null ? "" : MetricsChart.percent(guestPercent), Format.bytes(i.rssBytes()),
                usage.cpu(), usage.sparkline(), why(i), i.endpoint() == null ? "" : i.endpoint(),
                i.revision() == null ? "" : "r" + i.revision());
    }

    /** Why an instance is not (yet) serving, in words; empty when it is. */
    static String why(InstanceView i) {
        String crashes = i.crashCount() == 0 ? "" : (i.crashCount() == 1 ? "Crashed once" : "Crashed " + i.crashCount() + " times")
                + (i.lastExit() == null || i.lastExit().isBlank() ? "" : "; last exit: " + i.lastExit());
        if (i.placementError() != null && !i.placementError().isBlank()) {
            return "Pending: " + i.placementError() + (crashes.isEmpty() ? "" : ". " + crashes);
        }
        return switch (i.state()) {
            case CRASHED -> crashes.isEmpty() ? "Crashed" : crashes;
            case UNCLAIMED -> crashes.isEmpty() ? "Waiting for a node" : crashes + ". Restarting with back-off";
            case CLAIMED -> crashes.isEmpty() ? "Placed; the node is fetching the image" : crashes + ". Restarting";
            case STARTING -> crashes.isEmpty() ? "Booting" : crashes + ". Booting again";
            case RUNNING -> Boolean.FALSE.equals(i.healthy()) ? "Running, but failing its health check" : "";
            default -> "";
        };
    }

    /** The app's variables by name; their values only when {@code revealed}. */
    private List<EnvRow> env(AppView a, boolean revealed) {
        Map<String, String> env = a.env() == null ? Map.of() : new TreeMap<>(a.env());
        return env.entrySet().stream().map(e -> new EnvRow(e.getKey(), revealed ? e.getValue() : "")).toList();
    }

    private List<RevisionRow> revisions(AppView a) {
        Instant now = clock.instant();
        return builds.revisions(session.caller(), a.space(), a.name()).stream()
                .map(r -> new RevisionRow(r.number(), Format.shortDigest(r.imageDigest()), r.runtime() == null ? "" : r.runtime(),
                        Format.bytes(r.imageBytes()), r.description() == null ? "" : r.description(),
                        r.createdBy() == null ? "" : r.createdBy(), Format.ago(r.createdAt(), now), r.current()))
                .toList();
    }

    private List<EventRow> events(AppView a) {
        Caller caller = session.caller();
        Instant now = clock.instant();
        return events.ofSpace(caller, a.space(), a.name(), PageRequest.of(1, 20)).items().stream()
                .map(e -> new EventRow(Format.stamp(e.at()), Format.ago(e.at(), now), e.actor(), e.action(),
                        e.target() == null ? "" : e.target(), details(e)))
                .toList();
    }

    private static String details(EventView e) {
        if (e.details() == null || e.details().isEmpty()) {
            return "";
        }
        return e.details().entrySet().stream().map(d -> d.getKey() + "=" + shorten(String.valueOf(d.getValue())))
                .collect(Collectors.joining(" "));
    }

    /** Digests and other long values: enough to recognise, not a wall of hex. */
    private static String shorten(String value) {
        return value.length() > 24 ? value.substring(0, 12) + "…" : value;
    }
}
