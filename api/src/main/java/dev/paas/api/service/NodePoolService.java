package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.Labels;
import dev.paas.pushrules.Names;
import dev.paas.api.core.PageRequest;
import dev.paas.api.core.Secrets;
import dev.paas.api.infra.JoinTokenEntity;
import dev.paas.api.infra.NodePoolEntity;
import dev.paas.model.CreateJoinTokenRequest;
import dev.paas.model.CreateNodePoolRequest;
import dev.paas.model.JoinTokenView;
import dev.paas.model.NodePoolView;
import dev.paas.model.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Node pools and their join tokens (admin only). Token secrets are shown once, stored hashed. */
@ApplicationScoped
public class NodePoolService {

    /** Longest join-token lifetime: a year; shorter is better, tokens can also be revoked. */
    static final int MAX_TTL_HOURS = 24 * 365;
    private final Clock clock;
    private final EventLog events;

    public NodePoolService(Clock clock, EventLog events) {
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public NodePoolView create(Caller caller, CreateNodePoolRequest req) {
        caller.requireAdmin("creating node pools");
        if (req == null) {
            throw ApiException.invalid("body", "is required: send {\"name\": \"default\"}");
        }
        String name = ApiException.checked("name", req.name(), Names::dnsLabelProblem);
        Map<String, String> labels = Labels.validate(req.labels());
        if (NodePoolEntity.byName(name).isPresent()) {
            throw ApiException.alreadyExists("node pool '" + name + "' already exists");
        }
        NodePoolEntity p = new NodePoolEntity();
        p.name = name;
        p.labels = new TreeMap<>(labels);
        p.createdAt = Instant.now(clock);
        p.persist();
        events.record(caller, "pool.create", null, null, "pool/" + name, Map.of("labels", labels));
        return view(p);
    }

    @Transactional
    public Page<NodePoolView> list(Caller caller, PageRequest page) {
        caller.requireAdmin("listing node pools");
        var q = NodePoolEntity.<NodePoolEntity>findAll(Sort.by("name")).page(page.page() - 1, page.perPage());
        return new Page<>(q.list().stream().map(NodePoolService::view).toList(), page.page(), page.perPage(), q.count());
    }

    @Transactional
    public NodePoolView get(Caller caller, String name) {
        caller.requireAdmin("reading node pools");
        return view(pool(name));
    }

    @Transactional
    public void delete(Caller caller, String name) {
        caller.requireAdmin("deleting node pools");
        NodePoolEntity p = pool(name);
        JoinTokenEntity.delete("pool", p);
        p.delete();
        events.record(caller, "pool.delete", null, null, "pool/" + name, Map.of());
    }

    @Transactional
    public JoinTokenView createToken(Caller caller, String poolName, CreateJoinTokenRequest req) {
        caller.requireAdmin("creating join tokens");
        NodePoolEntity p = pool(poolName);
        String description = req == null ? null : req.description();
        if (description != null && description.length() > 255) {
            throw ApiException.invalid("description", "is " + description.length() + " characters; use at most 255");
        }
        Integer ttl = req == null ? null : req.ttlHours();
        if (ttl != null && (ttl < 1 || ttl > MAX_TTL_HOURS)) {
            throw ApiException.invalid("ttlHours", ttl + " is out of range; choose 1 to " + MAX_TTL_HOURS + " hours, or leave it out for no expiry");
        }
        String secret = Secrets.newToken("paas_jt_");
        JoinTokenEntity t = new JoinTokenEntity();
        t.pool = p;
        t.tokenHash = Secrets.sha256Hex(secret);
        t.description = description;
        t.createdBy = caller.username();
        t.createdAt = Instant.now(clock);
        t.expiresAt = ttl == null ? null : t.createdAt.plus(Duration.ofHours(ttl));
        t.persist();
        events.record(caller, "pool.join-token-create", null, null, "pool/" + poolName, Map.of("tokenId", t.id));
        return view(t, secret);
    }

    @Transactional
    public List<JoinTokenView> tokens(Caller caller, String poolName) {
        caller.requireAdmin("listing join tokens");
        NodePoolEntity p = pool(poolName);
        return JoinTokenEntity.<JoinTokenEntity>list("pool", Sort.by("id"), p).stream().map(t -> view(t, null)).toList();
    }

    @Transactional
    public void revokeToken(Caller caller, String poolName, long id) {
        caller.requireAdmin("revoking join tokens");
        NodePoolEntity p = pool(poolName);
        JoinTokenEntity t = JoinTokenEntity.<JoinTokenEntity>find("id = ?1 and pool = ?2", id, p).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("join token " + id + " of pool '" + poolName + "'"));
        if (t.revokedAt == null) {
            t.revokedAt = Instant.now(clock);
            events.record(caller, "pool.join-token-revoke", null, null, "pool/" + poolName, Map.of("tokenId", id));
        }
    }

    private static NodePoolEntity pool(String name) {
        return NodePoolEntity.byName(name).orElseThrow(() -> ApiException.notFound("node pool '" + name + "'"));
    }

    private static NodePoolView view(NodePoolEntity p) {
        return new NodePoolView(p.name, new TreeMap<>(p.labels), p.createdAt);
    }

    private static JoinTokenView view(JoinTokenEntity t, String secret) {
        return new JoinTokenView(t.id, t.pool.name, t.description, t.createdBy, t.createdAt, t.expiresAt, t.revokedAt, secret);
    }
}
