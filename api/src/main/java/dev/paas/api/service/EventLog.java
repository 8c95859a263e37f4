package dev.paas.api.service;

import dev.paas.api.core.Caller;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.EventEntity;
import dev.paas.api.infra.SpaceEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** Writes the audit trail, always inside the transaction of the change it describes. */
@ApplicationScoped
public class EventLog {

    private final Clock clock;

    public EventLog(Clock clock) {
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Caller actor, String action, SpaceEntity space, AppEntity app, String target, Map<String, Object> details) {
        record(actor.username(), action, space, app, target, details);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String action, SpaceEntity space, AppEntity app, String target, Map<String, Object> details) {
        EventEntity e = new EventEntity();
        e.at = Instant.now(clock);
        e.actor = actor;
        e.action = action;
        e.spaceId = space == null ? null : space.id;
        e.appId = app == null ? null : app.id;
        e.target = target;
        e.details = details == null ? Map.of() : details;
        e.persist();
    }
}
