package dev.paas.api.rest;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.NodeCaller;
import dev.paas.model.ErrorCode;
import jakarta.enterprise.context.RequestScoped;

/** The node agent calling {@code /v1/agent/...}, set by {@link BearerAuthFilter}. */
@RequestScoped
public class CurrentNode {

    private NodeCaller node;

    void set(NodeCaller node) {
        this.node = node;
    }

    public NodeCaller get() {
        if (node == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "send the node credential from the join as 'Authorization: Bearer paas_nc_...'");
        }
        return node;
    }
}
