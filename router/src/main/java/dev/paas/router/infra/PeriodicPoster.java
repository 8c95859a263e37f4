package dev.paas.router.infra;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;

/**
 * What the router's posters to the control plane share: a periodic timer on one Vert.x context,
 * one post at a time ({@link #sending}), a stop that sends what is left once, and one warning per
 * outage with one line when the control plane takes posts again.
 */
abstract class PeriodicPoster {

    protected final Context context;
    private final Duration every;
    /** A post is under way; confined to {@link #context}. */
    protected boolean sending;
    private boolean failing;
    private long timer = -1;

    PeriodicPoster(Context context, Duration every) {
        this.context = context;
        this.every = every;
    }

    /** What each tick of the timer does (posts, or not when nothing is waiting). */
    protected abstract void tick();

    /** Posts what is waiting; completes when the post is done or failed. */
    protected abstract Future<Void> send();

    /** Whether anything waits to be posted. */
    protected abstract boolean pending();

    final void start() {
        context.runOnContext(v -> timer = context.owner().setPeriodic(Math.max(1, every.toMillis()), id -> tick()));
    }

    /** Stops the timer and sends what is left, once; completes when that is done or failed. */
    final Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (timer >= 0) {
                context.owner().cancelTimer(timer);
            }
            if (sending || !pending()) {
                done.complete();
                return;
            }
            send().onComplete(ar -> done.complete());
        });
        return done.future();
    }

    /** A post went through: says {@code event} once if the posts had been failing. */
    protected final void succeeded(String event, String url) {
        if (failing) {
            failing = false;
            Events.info(event, "url", url);
        }
    }

    /** A post failed: true the first time in an outage (warn then), false after (not once a second). */
    protected final boolean firstFailure() {
        if (failing) {
            return false;
        }
        failing = true;
        return true;
    }
}
