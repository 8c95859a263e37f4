package dev.paas.router.infra;

import dev.paas.model.RoutingTable;
import dev.paas.router.api.RouterConfig.Tuning;
import io.vertx.core.Context;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the control plane's route table: one long-poll after another, each asking for a
 * version other than the one served. A failed fetch (unreachable, an error status, a body that
 * is not a table) changes nothing that is served; the next try waits {@code backoffMin},
 * doubling per failure up to {@code backoffMax}, with ±20 % jitter so routers restarted together
 * do not knock in step. Runs on one Vert.x context; {@link #stop} may be called from any thread.
 */
final class TableWatcher {

    private final Context context;
    private final ControlPlane controlPlane;
    private final LiveRoutes routes;
    private final Tuning tuning;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean stopped;
    private int failuresInARow;
    private volatile String lastError = "";

    TableWatcher(Context context, ControlPlane controlPlane, LiveRoutes routes, Tuning tuning) {
        this.context = context;
        this.controlPlane = controlPlane;
        this.routes = routes;
        this.tuning = tuning;
    }

    void start() {
        context.runOnContext(v -> poll());
    }

    void stop() {
        stopped = true;
    }

    /** Failed fetches since start. */
    long failures() {
        return failures.get();
    }

    String lastError() {
        return lastError;
    }

    private void poll() {
        if (stopped) {
            return;
        }
        long known = routes.current().version();
        long asked = System.nanoTime();
        controlPlane.table(known, tuning.pollWait().toSeconds()).onComplete(ar -> {
            if (stopped) {
                return;
            }
            if (ar.failed()) {
                failures.incrementAndGet();
                failuresInARow++;
                lastError = Events.describe(ar.cause());
                long delay = backoffMillis(failuresInARow);
                Events.warn("router.table-fetch-failed", "url", controlPlane.tableUrl(), "error", lastError,
                        "serving-version", known, "retry-in-ms", delay);
                context.owner().setTimer(delay, id -> poll());
                return;
            }
            if (failuresInARow > 0) {
                Events.info("router.table-fetch-recovered", "url", controlPlane.tableUrl(), "failures", failuresInARow);
                failuresInARow = 0;
                lastError = "";
            }
            RoutingTable table = ar.result();
            if (table.version() != known) {
                routes.update(table, System.currentTimeMillis());
                Events.info("router.table-updated", "version", table.version(), "routes", table.routes().size());
                poll();
            } else if (System.nanoTime() - asked < tuning.backoffMin().toNanos()) {
                // Same version at once: the control plane did not wait. Do not spin.
                context.owner().setTimer(Math.max(1, tuning.backoffMin().toMillis()), id -> poll());
            } else {
                poll();
            }
        });
    }

    private long backoffMillis(int inARow) {
        long min = Math.max(1, tuning.backoffMin().toMillis());
        long max = Math.max(min, tuning.backoffMax().toMillis());
        long base = inARow >= 31 ? max : Math.min(max, min << Math.min(30, inARow - 1));
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Math.max(1, Math.round(base * jitter));
    }
}
