package dev.paas.api.rest;

import dev.paas.api.core.NodeCaller;
import dev.paas.api.service.AgentService;
import dev.paas.api.service.NodeService;
import dev.paas.model.DesiredInstances;
import dev.paas.model.HeartbeatResponse;
import dev.paas.model.NodeHeartbeat;
import dev.paas.model.NodeJoinRequest;
import dev.paas.model.NodeJoinResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

/** The node agents' door: join, heartbeat, and the long-poll for desired instances. */
@Path("/v1/agent")
public class AgentResource {

    /** Longest long-poll; agents re-ask right away, so this only bounds idle connections. */
    static final int MAX_WAIT_SECONDS = 60;
    /** How often a waiting long-poll looks at the node's desired version. */
    static final long POLL_MILLIS = 200;
    private final NodeService nodes;
    private final AgentService agents;
    private final CurrentNode node;
    /** Long-polls that saw their version current and wait for a change. */
    private final AtomicInteger waiting = new AtomicInteger();

    public AgentResource(NodeService nodes, AgentService agents, CurrentNode node) {
        this.nodes = nodes;
        this.agents = agents;
        this.node = node;
    }

    @POST
    @Path("/join")
    public Response join(@RestHeader(HttpHeaders.AUTHORIZATION) String authorization, NodeJoinRequest req) {
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        NodeJoinResponse joined = nodes.join(token, req);
        return Response.status(201).entity(joined).build();
    }

    @PUT
    @Path("/heartbeat")
    public HeartbeatResponse heartbeat(NodeHeartbeat hb) {
        return agents.heartbeat(node.get(), hb);
    }

    /**
     * The node's desired instances. With {@code version} equal to the current one, waits up to
     * {@code waitSeconds} for a change (long-poll), outside any transaction.
     */
    @GET
    @Path("/desired")
    public DesiredInstances desired(@RestQuery String version, @RestQuery String waitSeconds) throws InterruptedException {
        NodeCaller caller = node.get();
        long known = Params.number("version", version, 0, Long.MAX_VALUE, 0);
        long wait = Params.number("waitSeconds", waitSeconds, 0, MAX_WAIT_SECONDS, 0);
        long deadline = System.nanoTime() + wait * 1_000_000_000L;
        boolean counted = false;
        try {
            while (known != 0 && agents.desiredVersion(caller) == known && System.nanoTime() < deadline) {
                if (!counted) {
                    counted = true;
                    waiting.incrementAndGet();
                }
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            if (counted) {
                waiting.decrementAndGet();
            }
        }
        return agents.desired(caller);
    }

    /** How many long-polls are waiting for a change now (each saw its version current). */
    public int waitingLongPolls() {
        return waiting.get();
    }
}
