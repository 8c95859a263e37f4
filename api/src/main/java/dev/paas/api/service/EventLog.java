package dev.paas.api.service;

import dev.paas.api.core.Caller;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.EventEntity;
import dev.paas.api.infra.SpaceEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** Writes the audit trail, always inside the transaction of the change it describes. */
@ApplicationScoped
public class EventLog {

    private final Clock clock;
    private final LogHub logs;
    private final TransactionSynchronizationRegistry tx;

    public EventLog(Clock clock, LogHub logs, TransactionSynchronizationRegistry tx) {
        this.clock = clock;
        this.logs = logs;
        this.tx = tx;
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
        if (app != null && app.id != null) {
            // Changes to an app also show in its log stream, as Cloud Foundry's API lines do.
            Object index = e.details.get("index");
            boolean cell = action.startsWith("instance.");
            long appId = app.id;
            Integer instance = cell && index instanceof Integer i ? i : null;
            String text = describe(actor, action, e.details);
            // Only what was committed reaches the log stream.
            tx.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        logs.add(appId, cell ? "CELL" : "API", instance, "OUT", text);
                    }
                }
            });
        }
    }

    /** e.g. {@code app.update by alice: instances=3, memory=512M}. */
    static String describe(String actor, String action, Map<String, Object> details) {
        StringBuilder b = new StringBuilder(action).append(" by ").append(actor);
        String sep = ": ";
        for (Map.Entry<String, Object> d : details.entrySet()) {
            if (!d.getKey().equals("index")) {
                b.append(sep).append(d.getKey()).append('=').append(d.getValue());
                sep = ", ";
            }
        }
        return b.toString();
    }
}
