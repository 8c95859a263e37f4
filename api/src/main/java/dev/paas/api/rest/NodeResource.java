package dev.paas.api.rest;

import dev.paas.api.core.PageRequest;
import dev.paas.api.service.NodeService;
import dev.paas.model.NodeState;
import dev.paas.model.NodeView;
import dev.paas.model.Page;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Nodes for operators (admin): list, cordon, uncordon, drain, forget. */
@Path("/v1/nodes")
public class NodeResource {

    private final NodeService nodes;
    private final CurrentCaller caller;

    public NodeResource(NodeService nodes, CurrentCaller caller) {
        this.nodes = nodes;
        this.caller = caller;
    }

    @GET
    public Page<NodeView> list(@RestQuery String page, @RestQuery String perPage) {
        return nodes.list(caller.get(), PageRequest.parse(page, perPage));
    }

    @GET
    @Path("/{node}")
    public NodeView get(@RestPath String node) {
        return nodes.get(caller.get(), node);
    }

    @POST
    @Path("/{node}/cordon")
    public NodeView cordon(@RestPath String node) {
        return nodes.setState(caller.get(), node, NodeState.CORDONED);
    }

    @POST
    @Path("/{node}/uncordon")
    public NodeView uncordon(@RestPath String node) {
        return nodes.setState(caller.get(), node, NodeState.READY);
    }

    @POST
    @Path("/{node}/drain")
    public NodeView drain(@RestPath String node) {
        return nodes.setState(caller.get(), node, NodeState.DRAINING);
    }

    @DELETE
    @Path("/{node}")
    public void delete(@RestPath String node) {
        nodes.delete(caller.get(), node);
    }
}
