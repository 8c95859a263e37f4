package dev.paas.router.infra;

import dev.paas.router.api.RouterConfig.Tuning;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Sends the access log to the control plane every {@code flushEvery}: up to {@code batchMax}
 * lines per POST, one POST at a time, another at once while a full batch is waiting (up to
 * {@link #MAX_BATCHES_PER_FLUSH} per flush). A batch
 * the control plane does not take is dropped and counted (the log is best effort; requests
 * never wait for it). Runs on one Vert.x context.
 */
final class AccessLogShipper {

    private final Context context;
    private final ControlPlane controlPlane;
    private final AccessLog log;
    private final String router;
    private final Tuning tuning;
    /**
     * Full batches sent per flush at most: with the defaults about 4000 lines a second per router
     * reach the control plane, which is shared by every router and app; past that, lines are
     * dropped and counted, and formatting them costs the router nothing.
     */
    static final int MAX_BATCHES_PER_FLUSH = 4;

    private boolean sending;
    private int batchesThisFlush;
    private boolean failing;
    private long timer = -1;

    AccessLogShipper(Context context, ControlPlane controlPlane, AccessLog log, String router, Tuning tuning) {
        this.context = context;
        this.controlPlane = controlPlane;
        this.log = log;
        this.router = router;
        this.tuning = tuning;
    }

    void start() {
        context.runOnContext(v -> timer = context.owner()
                .setPeriodic(Math.max(1, tuning.flushEvery().toMillis()), id -> flush()));
    }

    /** Stops the timer and sends what is queued, once; completes when that is done or failed. */
    Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (timer >= 0) {
                context.owner().cancelTimer(timer);
            }
            if (sending || log.queued() == 0) {
                done.complete();
                return;
            }
            send().onComplete(ar -> done.complete());
        });
        return done.future();
    }

    private void flush() {
        batchesThisFlush = 0;
        sendMore();
    }

    private void sendMore() {
        if (sending || log.queued() == 0 || batchesThisFlush >= MAX_BATCHES_PER_FLUSH) {
            return;
        }
        batchesThisFlush++;
        send().onSuccess(v -> {
            if (log.queued() >= tuning.batchMax()) {
                sendMore();
            }
        });
    }

    private Future<Void> send() {
        AccessLog.Batch batch = log.drain(router, tuning.batchMax());
        if (batch.lines() == 0) {
            return Future.succeededFuture();
        }
        sending = true;
        return controlPlane.postAccessLogs(batch.body()).andThen(ar -> {
            sending = false;
            if (ar.succeeded()) {
                log.countSent(batch.lines());
                if (failing) {
                    failing = false;
                    Events.info("router.access-log-recovered", "url", controlPlane.accessLogUrl());
                }
            } else {
                log.countDropped(batch.lines());
                if (!failing) { // once per outage, not once a second
                    failing = true;
                    Events.warn("router.access-log-post-failed", "url", controlPlane.accessLogUrl(),
                            "error", Events.describe(ar.cause()), "dropped", batch.lines());
                }
            }
        });
    }
}
