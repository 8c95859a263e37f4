package dev.paas.router.infra;

import dev.paas.router.api.RouterConfig.Tuning;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Sends the access log to the control plane every {@code flushEvery}: up to {@code batchMax}
 * lines per POST, one POST at a time, another at once while a full batch is waiting (up to
 * {@link #MAX_BATCHES_PER_FLUSH} per flush). A batch
 * the control plane does not take is dropped and counted (the log is best effort; requests
 * never wait for it). Runs on one Vert.x context.
 */
final class AccessLogShipper extends PeriodicPoster {

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

    private int batchesThisFlush;

    AccessLogShipper(Context context, ControlPlane controlPlane, AccessLog log, String router, Tuning tuning) {
        super(context, tuning.flushEvery());
        this.controlPlane = controlPlane;
        this.log = log;
        this.router = router;
        this.tuning = tuning;
    }

    @Override
    protected boolean pending() {
        return log.queued() > 0;
    }

    @Override
    protected void tick() {
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

    @Override
    protected Future<Void> send() {
        AccessLog.Batch batch = log.drain(router, tuning.batchMax());
        if (batch.lines() == 0) {
            return Future.succeededFuture();
        }
        sending = true;
        return controlPlane.postAccessLogs(batch.body()).andThen(ar -> {
            sending = false;
            if (ar.succeeded()) {
                log.countSent(batch.lines());
                succeeded("router.access-log-recovered", controlPlane.accessLogUrl());
            } else {
                log.countDropped(batch.lines());
                if (firstFailure()) {
                    Events.warn("router.access-log-post-failed", "url", controlPlane.accessLogUrl(),
                            "error", Events.describe(ar.cause()), "dropped", batch.lines());
                }
            }
        });
    }
}
