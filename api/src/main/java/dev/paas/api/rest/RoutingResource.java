package dev.paas.api.rest;

import dev.paas.api.core.ApiException;
import dev.paas.api.service.IdleApps;
import dev.paas.api.service.LogHub;
import dev.paas.api.service.RequestMetricsService;
import dev.paas.api.service.RouterRegistry;
import dev.paas.api.service.RoutingService;
import dev.paas.model.AccessLogBatch;
import dev.paas.model.RouterMetrics;
import dev.paas.model.RoutingTable;
import dev.paas.model.WakeRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import java.util.regex.Pattern;

/** What routers call, with the router key: the route table (long-poll), their access logs and request counts. */
@Path("/v1/routing")
public class RoutingResource {

    static final int MAX_WAIT_SECONDS = 60;
    static final int MAX_LINES = 1000;
    /** How often a waiting long-poll recomputes the table. */
    static final long POLL_MILLIS = 250;
    /** Names the calling router, so the scheduler knows which table each router serves. */
    public static final String ROUTER_HEADER = "X-Paas-Router";
    /** What a router may call itself: printable ASCII without spaces, as long as the registry keeps. */
    private static final Pattern ROUTER_ID = Pattern.compile("[\\x21-\\x7e]{1," + RouterRegistry.MAX_ID_LENGTH + "}");
    private final RoutingService routing;
    private final RouterRegistry routers;
    private final LogHub logs;
    private final RequestMetricsService metrics;
    private final IdleApps idle;

    public RoutingResource(RoutingService routing, RouterRegistry routers, LogHub logs, RequestMetricsService metrics,
                           IdleApps idle) {
        this.idle = idle;
        this.routing = routing;
        this.routers = routers;
        this.logs = logs;
        this.metrics = metrics;
    }

    /** What the router counted per app since its last accepted post (deltas). */
    @POST
    @Path("/metrics")
    public void metrics(RouterMetrics post) {
        metrics.add(post);
    }

    /**
     * A router holds a request for an idle app (scaled to zero): the app is woken, one web
     * instance starts (the others once it serves: {@link IdleApps}); the table then lists the
     * endpoints as they become healthy.
     */
    @POST
    @Path("/wake")
    public void wake(WakeRequest req, @RestHeader(ROUTER_HEADER) String router) {
        if (router != null && !ROUTER_ID.matcher(router).matches()) {
            throw ApiException.invalid(ROUTER_HEADER, "must be 1 to " + RouterRegistry.MAX_ID_LENGTH
                    + " printable ASCII characters without spaces");
        }
        idle.wake(req, router);
    }

    @GET
    @Path("/table")
    public RoutingTable table(@RestQuery String version, @RestQuery String waitSeconds,
                              @RestHeader(ROUTER_HEADER) String router) throws InterruptedException {
        long known = Params.number("version", version, 0, Long.MAX_VALUE, 0);
        long wait = Params.number("waitSeconds", waitSeconds, 0, MAX_WAIT_SECONDS, 0);
        if (router != null) {
            if (!ROUTER_ID.matcher(router).matches()) {
                throw ApiException.invalid(ROUTER_HEADER, "must be 1 to " + RouterRegistry.MAX_ID_LENGTH
                        + " printable ASCII characters without spaces");
            }
            // The table a router asks with is the one it serves until this call answers.
            routers.saw(router, known, (int) wait);
        }
        long deadline = System.nanoTime() + wait * 1_000_000_000L;
        RoutingTable table = routing.table();
        while (known != 0 && table.version() == known && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            table = routing.table();
        }
        return table;
    }

    @POST
    @Path("/access-logs")
    public void accessLogs(AccessLogBatch batch) {
        if (batch == null || batch.lines() == null) {
            throw ApiException.invalid("lines", "is required");
        }
        if (batch.lines().size() > MAX_LINES) {
            throw ApiException.invalid("lines", "has " + batch.lines().size() + " lines; send at most " + MAX_LINES + " per call");
        }
        for (int i = 0; i < batch.lines().size(); i++) {
            AccessLogBatch.AccessLogLine l = batch.lines().get(i);
            if (l == null || l.at() == null || l.text() == null || l.text().length() > 4096) {
                throw ApiException.invalid("lines[" + i + "]", "needs appId, at and a text of at most 4096 characters");
            }
        }
        batch.lines().forEach(l -> logs.add(l.appId(), "RTR", null, "OUT", l.text(), l.at()));
    }
}
