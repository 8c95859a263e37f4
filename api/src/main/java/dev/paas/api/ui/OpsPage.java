package dev.paas.api.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.service.NodePoolService;
import dev.paas.api.service.NodeService;
import dev.paas.api.ui.Views.NodeRow;
import dev.paas.api.ui.Views.PlacedRow;
import dev.paas.api.ui.Views.PoolRow;
import dev.paas.api.ui.Views.TokenRow;
import dev.paas.model.CreateJoinTokenRequest;
import dev.paas.model.CreateNodePoolRequest;
import dev.paas.model.JoinTokenView;
import dev.paas.model.NodeState;
import dev.paas.model.NodeView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Admin pages: node pools (create, join tokens shown once) and nodes (capacity, cordon, drain). */
@Path("/ops")
@Produces(MediaType.TEXT_HTML)
public class OpsPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance pools(List<PoolRow> pools, List<TokenRow> tokens);

        static native TemplateInstance poolsTable(List<PoolRow> pools, List<TokenRow> tokens);

        static native TemplateInstance poolToken(String pool, String token, String expires, boolean created, String controlPlane);

        static native TemplateInstance nodes(List<NodeRow> nodes);

        static native TemplateInstance nodesTable(List<NodeRow> nodes);

        static native TemplateInstance node(NodeRow node, List<PlacedRow> instances);

        static native TemplateInstance nodeDetail(NodeRow node, List<PlacedRow> instances);
    }

    /** A heartbeat older than this is shown as late (agents beat every 5 s). */
    static final Duration LATE = Duration.ofSeconds(15);
    /** A token from the dashboard is for hosts joining now; one that lasts longer comes from the API or CLI. */
    static final int DASHBOARD_TOKEN_TTL_HOURS = 24;
    private final UiSession session;
    private final NodePoolService pools;
    private final NodeService nodes;
    private final ObjectMapper json;
    private final Clock clock;

    public OpsPage(UiSession session, NodePoolService pools, NodeService nodes, ObjectMapper json, Clock clock) {
        this.session = session;
        this.pools = pools;
        this.nodes = nodes;
        this.json = json;
        this.clock = clock;
    }

    @GET
    public Response index() {
        admin();
        return Response.seeOther(java.net.URI.create("/ops/nodes")).build();
    }

    @GET
    @Path("pools")
    public TemplateInstance poolsPage() {
        return Templates.pools(poolRows(), tokenRows());
    }

    @GET
    @Path("pools-table")
    public TemplateInstance poolsTable() {
        return Templates.poolsTable(poolRows(), tokenRows());
    }

    /** Every pool's join tokens, newest first: active, expired or revoked, with when they expire. */
    private List<TokenRow> tokenRows() {
        Caller caller = admin();
        Instant now = clock.instant();
        return pools.list(caller, AppsPage.ALL).items().stream()
                .flatMap(p -> pools.tokens(caller, p.name()).stream())
                .sorted(java.util.Comparator.comparing(JoinTokenView::createdAt).reversed())
                .map(t -> new TokenRow(t.id(), t.pool(), t.description() == null ? "" : t.description(),
                        t.createdBy() + " · " + Format.ago(t.createdAt(), now),
                        t.expiresAt() == null ? "never" : Format.stamp(t.expiresAt()),
                        t.revokedAt() != null ? "revoked" : t.expiresAt() != null && !t.expiresAt().isAfter(now) ? "expired" : "active"))
                .toList();
    }

    @POST
    @Path("pools/{pool}/tokens/{id}/revoke")
    public Response revokeToken(@RestPath String pool, @RestPath long id) {
        pools.revokeToken(admin(), pool, id);
        try {
            return Response.ok().header("HX-Trigger", json.writeValueAsString(Map.of("pools-changed", true,
                    "paas-flash", Map.of("message", "Join token " + id + " of " + pool + " is revoked: no new node can join with it."))))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<PoolRow> poolRows() {
        Caller caller = admin();
        List<NodeView> all = nodes.list(caller, AppsPage.ALL).items();
        Instant now = clock.instant();
        List<PoolRow> rows = pools.list(caller, AppsPage.ALL).items().stream()
                .map(p -> new PoolRow(p.name(), labels(p.labels()), Format.ago(p.createdAt(), now),
                        all.stream().filter(n -> p.name().equals(n.pool())).count(),
                        pools.tokens(caller, p.name()).stream().filter(t -> t.revokedAt() == null).count()))
                .toList();
        return rows;
    }

    /** Creates the pool and its first join token, shown here once. */
    @POST
    @Path("pools")
    public Response createPool(@RestForm String name, @RestForm String labels, @Context UriInfo uri) {
        Caller caller = admin();
        pools.create(caller, new CreateNodePoolRequest(name == null ? null : name.strip(), parseLabels(labels)));
        JoinTokenView t = pools.createToken(caller, name.strip(), new CreateJoinTokenRequest("created in the dashboard",
                DASHBOARD_TOKEN_TTL_HOURS));
        return token(t, true, uri);
    }

    @POST
    @Path("pools/{pool}/tokens")
    public Response newToken(@RestPath String pool, @Context UriInfo uri) {
        JoinTokenView t = pools.createToken(admin(), pool, new CreateJoinTokenRequest("created in the dashboard",
                DASHBOARD_TOKEN_TTL_HOURS));
        return token(t, false, uri);
    }

    /** The token, once; the list of pools refreshes beside it. */
    private Response token(JoinTokenView t, boolean created, UriInfo uri) {
        String base = uri.getBaseUri().toString().replaceAll("/+$", "");
        String html = Templates.poolToken(t.pool(), t.token(), t.expiresAt() == null ? "" : Format.stamp(t.expiresAt()), created, base)
                .render();
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("HX-Trigger", "pools-changed").build();
    }

    @GET
    @Path("nodes")
    public TemplateInstance nodesPage() {
        return Templates.nodes(nodeRows());
    }

    @GET
    @Path("nodes-table")
    public TemplateInstance nodesTable() {
        return Templates.nodesTable(nodeRows());
    }

    /** One node: its capacity, last heartbeat and the instances placed on it. */
    @GET
    @Path("nodes/{node}")
    public TemplateInstance nodePage(@RestPath String node) {
        return Templates.node(nodeRow(node), placed(node));
    }

    @GET
    @Path("nodes/{node}/instances")
    public TemplateInstance nodeDetail(@RestPath String node) {
        return Templates.nodeDetail(nodeRow(node), placed(node));
    }

    private NodeRow nodeRow(String node) {
        return nodeRows().stream().filter(n -> n.name().equals(node)).findFirst()
                .orElseThrow(() -> ApiException.notFound("node '" + node + "'"));
    }

    private List<PlacedRow> placed(String node) {
        Instant now = clock.instant();
        return nodes.instances(admin(), node).stream()
                .map(i -> new PlacedRow(i.space(), i.app(), i.index(), i.state().name(),
                        i.state() == dev.paas.model.InstanceState.RUNNING && i.since() != null
                                ? Format.duration(Duration.between(i.since(), now)) : "–",
                        Format.bytes(i.rssBytes()) + " of " + Format.mb(i.memoryMb())))
                .toList();
    }

    /** cordon, uncordon or drain. */
    @POST
    @Path("nodes/{node}/{action}")
    public Response nodeAction(@RestPath String node, @RestPath String action) {
        NodeState target = switch (action) {
            case "cordon" -> NodeState.CORDONED;
            case "uncordon" -> NodeState.READY;
            case "drain" -> NodeState.DRAINING;
            default -> throw ApiException.notFound("action '" + action + "'");
        };
        nodes.setState(admin(), node, target);
        String message = switch (target) {
            case CORDONED -> node + " is cordoned: no new instances go there.";
            case DRAINING -> node + " is draining: its instances move elsewhere.";
            default -> node + " is ready for new instances.";
        };
        try {
            return Response.ok().header("HX-Trigger", json.writeValueAsString(
                    Map.of("nodes-changed", true, "paas-flash", Map.of("message", message)))).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @ServerExceptionMapper
    public Response failed(ApiException e, HttpHeaders headers, Request request) {
        return UiErrors.answer(e, headers, request);
    }

    private Caller admin() {
        Caller caller = session.caller();
        caller.requireAdmin("the ops pages (node pools and nodes)");
        return caller;
    }

    private List<NodeRow> nodeRows() {
        Caller caller = admin();
        Instant now = clock.instant();
        var all = nodes.list(caller, AppsPage.ALL).items();
        long ready = all.stream().filter(n -> "READY".equals(n.state().name())).count();
        return all.stream().map(n -> {
            long othersReady = ready - ("READY".equals(n.state().name()) ? 1 : 0);
            int pct = n.memoryMb() <= 0 ? 0 : (int) Math.min(100, Math.round(100.0 * n.allocatedMb() / n.memoryMb()));
            boolean stale = n.lastHeartbeatAt() == null || Duration.between(n.lastHeartbeatAt(), now).compareTo(LATE) > 0;
            return new NodeRow(n.name(), n.pool(), n.address(), n.state().name(),
                    n.accelerator() == null ? "?" : n.accelerator().name().toLowerCase(java.util.Locale.ROOT), pct,
                    Format.mb(n.allocatedMb()) + " of " + Format.mb(n.memoryMb()), n.instances(), n.vcpus(),
                    Format.ago(n.lastHeartbeatAt(), now), stale, n.agentVersion() == null ? "" : n.agentVersion(), (int) othersReady);
        }).toList();
    }

    private static String labels(Map<String, String> labels) {
        return labels == null ? "" : labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** {@code zone=a, gpu=none} → a map; a part without {@code =} is refused with its text. */
    static Map<String, String> parseLabels(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split("[,\\n]")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw ApiException.invalid("labels", "'" + p + "' is not key=value; write them like zone=a, disk=ssd");
            }
            out.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
        }
        return out;
    }
}
