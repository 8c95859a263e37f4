package dev.paas.api.scheduling;

import dev.paas.api.infra.PaasConfig;
import dev.paas.api.service.IdleApps;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Scale to zero's clock: on the scheduler leader only, every {@code paas.scheduler.interval},
 * marks idle the apps whose idle timeout passed without a routed request ({@link IdleApps}); the
 * scheduler round that follows (woken by the notification) stops their web instances. Then it
 * puts back at their configured count the woken apps whose first web instance serves
 * ({@link IdleApps#awakeRound}). A failed round is logged ({@code idle.round-failed}) and tried
 * again next time.
 */
@ApplicationScoped
public class IdleLoop {

    private static final Logger LOG = Logger.getLogger(IdleLoop.class);
    private final IdleApps idle;
    private final SchedulerLoop scheduler;
    private final PaasConfig config;
    private ScheduledExecutorService timer;

    public IdleLoop(IdleApps idle, SchedulerLoop scheduler, PaasConfig config) {
        this.idle = idle;
        this.scheduler = scheduler;
        this.config = config;
    }

    void onStart(@Observes StartupEvent ev) {
        if (!config.scheduler().enabled()) {
            return;
        }
        long every = config.scheduler().interval().toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idle-apps");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One round if this control plane leads; never throws. Each half fails on its own. */
    void tick() {
        if (!scheduler.isLeader()) {
            return;
        }
        guarded(() -> {
            List<IdleApps.WentIdle> went = idle.idleRound();
            idle.logIdle(went);
            went.forEach(w -> LOG.infof("idle.app-idle app=%s app-id=%d idle-timeout-s=%d", w.app(), w.appId(), w.timeoutSeconds()));
        });
        guarded(() -> {
            List<IdleApps.Awake> awake = idle.awakeRound();
            idle.logAwake(awake);
            awake.forEach(w -> LOG.infof("idle.app-awake app=%s app-id=%d instances=%d", w.app(), w.appId(), w.instances()));
        });
    }

    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warnf("idle.round-failed error=%s; trying again in %s", e.getMessage(), config.scheduler().interval());
        }
    }
}
