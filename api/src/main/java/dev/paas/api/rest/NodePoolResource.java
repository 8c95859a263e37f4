package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.NodePoolService;
import dev.paas.model.CreateJoinTokenRequest;
import dev.paas.model.CreateNodePoolRequest;
import dev.paas.model.JoinTokenView;
import dev.paas.model.NodePoolView;
import dev.paas.model.Page;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/node-pools")
public class NodePoolResource {

    private final NodePoolService pools;
    private final CurrentCaller caller;

    public NodePoolResource(NodePoolService pools, CurrentCaller caller) {
        this.pools = pools;
        this.caller = caller;
    }

    @POST
    public Response create(CreateNodePoolRequest req) {
        NodePoolView p = pools.create(caller.get(), req);
        return Created.at("/v1/node-pools/" + p.name(), p);
    }

    @GET
    public Page<NodePoolView> list(@RestQuery String page, @RestQuery String perPage) {
        return pools.list(caller.get(), PageRequest.parse(page, perPage));
    }

    @GET
    @Path("/{pool}")
    public NodePoolView get(@RestPath String pool) {
        return pools.get(caller.get(), pool);
    }

    @DELETE
    @Path("/{pool}")
    public void delete(@RestPath String pool) {
        pools.delete(caller.get(), pool);
    }

    /** Creates a join token; its secret is in this answer only. */
    @POST
    @Path("/{pool}/join-tokens")
    public Response createToken(@RestPath String pool, CreateJoinTokenRequest req) {
        JoinTokenView t = pools.createToken(caller.get(), pool, req);
        return Created.at("/v1/node-pools/" + pool + "/join-tokens/" + t.id(), t);
    }

    @GET
    @Path("/{pool}/join-tokens")
    public List<JoinTokenView> tokens(@RestPath String pool) {
        return pools.tokens(caller.get(), pool);
    }

    @DELETE
    @Path("/{pool}/join-tokens/{id}")
    public void revoke(@RestPath String pool, @RestPath String id) {
        pools.revokeToken(caller.get(), pool, Params.id(id, "join token " + id + " of pool '" + pool + "'"));
    }
}
