package dev.paas.api.service;

import dev.paas.api.core.BrokerRules;
import dev.paas.api.core.Osb;
import dev.paas.api.core.OsbReply;
import dev.paas.api.infra.OsbClient;
import dev.paas.api.infra.PaasConfig;
import dev.paas.api.infra.ServiceInstanceEntity;
import dev.paas.model.LastOperationView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Follows brokers' asynchronous operations: every control plane runs this loop; a round takes
 * the instances whose next poll is due with {@code FOR UPDATE SKIP LOCKED} and moves their next
 * poll on (back-off: {@code paas.services.poll-interval}, doubled per poll, at most 5 min, never
 * sooner than the broker's {@code Retry-After}) in one short transaction, so two control planes
 * never poll the same operation at once; then it asks each broker ({@code last_operation}) outside
 * any transaction and writes what it answered. A broker that fails to answer is asked again next
 * time; an operation that runs longer than its plan's {@code maximum_polling_duration} (else
 * {@code paas.services.max-polling-duration}) is called failed. A synchronous create its control
 * plane never finished (it stopped during the broker call) gets orphan mitigation here.
 */
@ApplicationScoped
public class ServiceOperationPoller {

    private static final Logger LOG = Logger.getLogger(ServiceOperationPoller.class);
    private static final int BATCH = 50;
    private final Clock clock;
    private final PaasConfig config;
    private final OsbClient osb;
    private final ManagedServices managed;
    private final EventLog events;
    private ScheduledExecutorService timer;

    public ServiceOperationPoller(Clock clock, PaasConfig config, OsbClient osb, ManagedServices managed, EventLog events) {
        this.clock = clock;
        this.config = config;
        this.osb = osb;
        this.managed = managed;
        this.events = events;
    }

    private record Due(long id, ManagedServices.Ref ref, String type, String operation, Instant started, Duration limit, int polls) {
    }

    void onStart(@Observes StartupEvent ev) {
        if (!config.services().pollEnabled()) {
            LOG.info("services.poll-disabled");
            return;
        }
        long every = Math.max(500, Math.min(config.services().pollInterval().toMillis(), 5000));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "service-operations");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                round();
            } catch (RuntimeException e) {
                LOG.warnf("services.poll-round-failed error=%s; trying again in %d ms", e.getMessage(), every);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One round: polls every operation due now; returns how many it polled (interrupted creates included). */
    public int round() {
        List<ManagedServices.Ref> interrupted = QuarkusTransaction.requiringNew().call(this::claimInterrupted);
        for (ManagedServices.Ref ref : interrupted) {
            try {
                managed.mitigateInterrupted(ref);
            } catch (RuntimeException e) {
                LOG.warnf("services.mitigation-failed instance=%d broker=%s error=%s", ref.id(), ref.target().name(), e.getMessage());
            }
        }
        List<Due> due = QuarkusTransaction.requiringNew().call(this::claim);
        for (Due d : due) {
            try {
                poll(d);
            } catch (RuntimeException e) {
                LOG.warnf("services.poll-failed instance=%d broker=%s error=%s", d.id(), d.ref().target().name(), e.getMessage());
            }
        }
        return interrupted.size() + due.size();
    }

    /**
     * Creates a control plane was making synchronously when it stopped: "create in progress"
     * with no poll planned (an asynchronous one has one), begun more than five broker time-outs
     * ago (a live create takes at most four: connect and answer, for the provision and for an
     * orphan-mitigating deprovision). Their outcome is unknown, so they get orphan mitigation; claimed for as long
     * again meanwhile.
     */
    private List<ManagedServices.Ref> claimInterrupted() {
        Instant now = Instant.now(clock);
        Duration limit = config.services().brokerTimeout().multipliedBy(5);
        @SuppressWarnings("unchecked")
        List<Number> ids = ServiceInstanceEntity.getEntityManager().createNativeQuery("select id from service_instances "
                + "where last_operation_state = 'in progress' and last_operation_type = 'create' and next_poll_at is null "
                + "and operation_started_at < ?1 order by id limit " + BATCH + " for update skip locked")
                .setParameter(1, now.minus(limit)).getResultList();
        List<ManagedServices.Ref> out = new ArrayList<>();
        for (Number id : ids) {
            ServiceInstanceEntity e = ServiceInstanceEntity.findById(id.longValue());
            e.operationStartedAt = now;
            out.add(managed.ref(e));
        }
        return out;
    }

    private List<Due> claim() {
        Instant now = Instant.now(clock);
        @SuppressWarnings("unchecked")
        List<Number> ids = ServiceInstanceEntity.getEntityManager().createNativeQuery("select id from service_instances "
                + "where last_operation_state = 'in progress' and next_poll_at <= ?1 order by next_poll_at limit " + BATCH
                + " for update skip locked").setParameter(1, now).getResultList();
        List<Due> out = new ArrayList<>();
        for (Number id : ids) {
            ServiceInstanceEntity e = ServiceInstanceEntity.findById(id.longValue());
            Integer max = e.plan.maximumPollingDuration;
            out.add(new Due(e.id, managed.ref(e), e.lastOperationType, e.operation, e.operationStartedAt,
                    max != null ? Duration.ofSeconds(max) : config.services().maxPollingDuration(), e.polls));
            e.polls++;
            e.nextPollAt = now.plus(BrokerRules.pollDelay(e.polls, config.services().pollInterval(), null));
        }
        return out;
    }

    private void poll(Due d) {
        ManagedServices.Ref ref = d.ref();
        OsbReply reply = osb.lastOperation(ref.target(), ref.guid(), ref.serviceId(), ref.planId(), d.operation());
        Osb.Poll poll = Osb.lastOperation(ref.target().name(), osb.timeout(), reply);
        QuarkusTransaction.requiringNew().run(() -> {
            ServiceInstanceEntity e = ServiceInstanceEntity.findById(d.id());
            if (e == null || !LastOperationView.IN_PROGRESS.equals(e.lastOperationState) || !d.type().equals(e.lastOperationType)) {
                return;
            }
            Instant now = Instant.now(clock);
            String target = ServiceInstanceService.target(e);
            String actor = "service-broker/" + ref.target().name();
            switch (poll.state()) {
                case SUCCEEDED, GONE -> {
                    if ("delete".equals(d.type())) {
                        events.record(actor, "service.deleted", e.space, null, target, Map.of());
                        e.delete();
                    } else if (poll.state() == Osb.PollState.GONE) {
                        managed.settle(e, d.type(), LastOperationView.FAILED, poll.description());
                        events.record(actor, "service." + d.type() + "-failed", e.space, null, target, Map.of("reason", poll.description()));
                    } else {
                        managed.settle(e, d.type(), LastOperationView.SUCCEEDED, poll.description());
                        events.record(actor, "service." + d.type() + "d", e.space, null, target, Map.of());
                    }
                }
                case FAILED -> {
                    managed.settle(e, d.type(), LastOperationView.FAILED, poll.description());
                    events.record(actor, "service." + d.type() + "-failed", e.space, null, target, Map.of("reason", poll.description()));
                }
                default -> {
                    if (d.started() != null && now.isAfter(d.started().plus(d.limit()))) {
                        String why = "broker '" + ref.target().name() + "' did not finish within " + d.limit().toSeconds()
                                + " s" + (poll.description() == null ? "" : " (last said: " + poll.description() + ")");
                        managed.settle(e, d.type(), LastOperationView.FAILED, why);
                        events.record(actor, "service." + d.type() + "-failed", e.space, null, target, Map.of("reason", why));
                        return;
                    }
                    if (poll.state() == Osb.PollState.UNKNOWN) {
                        LOG.warnf("services.poll-unanswered instance=%d broker=%s polls=%d error=%s", d.id(), ref.target().name(),
                                d.polls() + 1, poll.description());
                    } else if (poll.description() != null) {
                        e.lastOperationDescription = poll.description();
                        e.lastOperationUpdatedAt = now;
                    }
                    if (reply.retryAfter() != null) {
                        e.nextPollAt = now.plus(BrokerRules.pollDelay(e.polls, config.services().pollInterval(), reply.retryAfter()));
                    }
                }
            }
        });
    }
}
