package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.NodeCaller;
import dev.paas.api.core.NodeSpec;
import dev.paas.api.core.PageRequest;
import dev.paas.api.core.Secrets;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.JoinTokenEntity;
import dev.paas.api.infra.NodeEntity;
import dev.paas.model.ErrorCode;
import dev.paas.model.NodeJoinRequest;
import dev.paas.model.NodeJoinResponse;
import dev.paas.model.NodeState;
import dev.paas.model.NodeView;
import dev.paas.model.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Nodes: joining with a pool's join token, node credentials, and what operators do to nodes. */
@ApplicationScoped
public class NodeService {

    /** How often agents heartbeat; the scheduler marks a node DOWN after missing several. */
    public static final int HEARTBEAT_INTERVAL_SECONDS = 5;
    private final Clock clock;
    private final EventLog events;
    private final ConvergeSignal converge;

    public NodeService(Clock clock, EventLog events, ConvergeSignal converge) {
        this.clock = clock;
        this.events = events;
        this.converge = converge;
    }

    /**
     * Registers a node with a join token, or re-registers one of the same name in the same pool
     * (new credential; the old one stops working). A bad token is 401 and writes nothing.
     */
    @Transactional
    public NodeJoinResponse join(String joinToken, NodeJoinRequest req) {
        Instant now = Instant.now(clock);
        JoinTokenEntity token = joinToken == null ? null
                : JoinTokenEntity.<JoinTokenEntity>find("tokenHash", Secrets.sha256Hex(joinToken)).firstResultOptional()
                        .filter(t -> t.revokedAt == null && (t.expiresAt == null || t.expiresAt.isAfter(now)))
                        .orElse(null);
        if (token == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "the join token is unknown, expired or revoked; "
                    + "ask an admin for a new one (paas join-token POOL)");
        }
        NodeSpec spec = NodeSpec.of(req);
        Optional<NodeEntity> existing = NodeEntity.byName(spec.name());
        if (existing.isPresent() && !existing.get().pool.id.equals(token.pool.id)) {
            throw new ApiException(ErrorCode.ALREADY_EXISTS, "a node named '" + spec.name() + "' is in pool '"
                    + existing.get().pool.name + "'; choose another name or delete that node first");
        }
        String credential = Secrets.newToken("paas_nc_");
        NodeEntity n = existing.orElseGet(NodeEntity::new);
        boolean rejoin = n.id != null;
        n.pool = token.pool;
        n.name = spec.name();
        n.address = spec.address();
        n.agentPort = spec.agentPort();
        n.credentialHash = Secrets.sha256Hex(credential);
        n.memoryMb = spec.memoryMb();
        n.vcpus = spec.vcpus();
        n.accelerator = spec.accelerator();
        n.agentVersion = spec.agentVersion();
        n.lastHeartbeatAt = now;
        if (!rejoin) {
            n.joined();
            n.joinedAt = now;
            n.desiredVersion = 1;
            n.persist();
        } else if (n.state == NodeState.DOWN) {
            n.moveTo(NodeState.READY);
        }
        n.desiredVersion++;
        events.record("node/" + n.name, rejoin ? "node.rejoin" : "node.join", null, null, "node/" + n.name,
                Map.of("pool", token.pool.name, "address", n.address, "accelerator", n.accelerator.name(), "joinToken", token.id));
        converge.poke();
        return new NodeJoinResponse(n.id, n.name, n.pool.name, credential, HEARTBEAT_INTERVAL_SECONDS);
    }

    /** The node behind a node credential. */
    @Transactional
    public Optional<NodeCaller> resolve(String credential) {
        return NodeEntity.<NodeEntity>find("credentialHash", Secrets.sha256Hex(credential)).firstResultOptional()
                .map(n -> new NodeCaller(n.id, n.name, n.pool.name));
    }

    @Transactional
    public Page<NodeView> list(Caller caller, PageRequest page) {
        caller.requireAdmin("listing nodes");
        var q = NodeEntity.<NodeEntity>findAll(Sort.by("name")).page(page.page() - 1, page.perPage());
        return new Page<>(q.list().stream().map(NodeService::view).toList(), page.page(), page.perPage(), q.count());
    }

    @Transactional
    public NodeView get(Caller caller, String name) {
        caller.requireAdmin("reading nodes");
        return view(node(name));
    }

    /** An instance placed on a node, with the app it belongs to (the dashboard's node page). */
    public record PlacedInstance(String space, String app, int index, dev.paas.model.InstanceState state, Instant since,
                                 int memoryMb, Long rssBytes, Double cpuSeconds) {
    }

    /** The instances placed on the node, by app and index. */
    @Transactional
    public java.util.List<PlacedInstance> instances(Caller caller, String name) {
        caller.requireAdmin("reading nodes");
        NodeEntity n = node(name);
        return InstanceEntity.<InstanceEntity>list("node = ?1 order by app.space.name, app.name, idx", n).stream()
                .map(i -> new PlacedInstance(i.app.space.name, i.app.name, i.idx, i.state, i.stateSince, i.memoryMb, i.rssBytes,
                        i.cpuSeconds))
                .toList();
    }

    /** Cordon (no new instances), drain (evacuate) or uncordon (READY again). */
    @Transactional
    public NodeView setState(Caller caller, String name, NodeState target) {
        caller.requireAdmin("changing a node's state");
        NodeEntity n = node(name);
        if (n.state == NodeState.DOWN) {
            throw new ApiException(ErrorCode.CONFLICT, "node '" + name + "' is DOWN (no heartbeat since " + n.lastHeartbeatAt
                    + "); it becomes READY when its agent reports again");
        }
        if (!n.state.allowsTransitionTo(target)) {
            throw new ApiException(ErrorCode.CONFLICT, "node '" + name + "' is " + n.state + " and cannot become " + target);
        }
        NodeState before = n.state;
        if (n.moveTo(target)) {
            events.record(caller, "node." + verb(target), null, null, "node/" + name, Map.of("from", before.name()));
            converge.poke();
        }
        return view(n);
    }

    /** Forgets a node that is DOWN and runs nothing (e.g. a host that was retired). */
    @Transactional
    public void delete(Caller caller, String name) {
        caller.requireAdmin("deleting nodes");
        NodeEntity n = node(name);
        long instances = InstanceEntity.count("node", n);
        if (n.state != NodeState.DOWN || instances > 0) {
            throw new ApiException(ErrorCode.CONFLICT, "node '" + name + "' is " + n.state + " with " + instances
                    + " instance(s); drain it and stop its agent first, it can be deleted once DOWN and empty");
        }
        events.record(caller, "node.delete", null, null, "node/" + name, Map.of());
        n.delete();
    }

    private static String verb(NodeState s) {
        return switch (s) {
            case READY -> "uncordon";
            case CORDONED -> "cordon";
            case DRAINING -> "drain";
            case DOWN -> "down";
        };
    }

    private static NodeEntity node(String name) {
        return NodeEntity.byName(name).orElseThrow(() -> ApiException.notFound("node '" + name + "'"));
    }

    static NodeView view(NodeEntity n) {
        int count = (int) InstanceEntity.count("node = ?1 and desired = ?2", n, InstanceEntity.Desired.RUN);
        return new NodeView(n.id, n.name, n.pool.name, n.address, n.state, n.accelerator, n.memoryMb, n.allocatedMb, n.vcpus,
                count, n.lastHeartbeatAt, n.agentVersion, n.joinedAt);
    }
}
