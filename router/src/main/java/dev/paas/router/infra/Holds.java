package dev.paas.router.infra;

import io.vertx.core.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Requests held for apps scaled to zero, as Knative's activator holds them: per app at most
 * {@code maxHeld} (more are the router's own 503), each until a table with endpoints for its app
 * arrives ({@link #tableChanged}: released on its own event loop, then routed as usual) or its
 * wait limit passes (the exchange's own timer). While an app has requests held, the router asks
 * the control plane to wake it, at most once a second per app, again after a failed post.
 *
 * <p>Thread-safe: exchanges hold and let go on their event loops, tables arrive on the
 * control-plane context, wake posts run there.
 */
final class Holds {

    /** At most one wake post per app per second, per router. */
    static final long WAKE_EVERY_NANOS = 1_000_000_000L;

    /** The held requests of one app. */
    private static final class AppHold {
        final ConcurrentLinkedQueue<Exchange> held = new ConcurrentLinkedQueue<>();
        final AtomicInteger size = new AtomicInteger();
        /** When a wake was last posted (System.nanoTime), or Long.MIN_VALUE. */
        final AtomicLong wokenAt = new AtomicLong(Long.MIN_VALUE);
        volatile String app = "";
    }

    private final Map<Long, AppHold> apps = new ConcurrentHashMap<>();
    private final int maxHeld;
    private final long waitNanos;
    private final LiveRoutes routes;
    private volatile Context context;
    private volatile LongFunction<io.vertx.core.Future<Void>> waker;
    private final AtomicLong wakePosts = new AtomicLong();
    private final AtomicLong wakeFailures = new AtomicLong();

    Holds(int maxHeld, long waitNanos, LiveRoutes routes) {
        this.maxHeld = maxHeld;
        this.waitNanos = waitNanos;
        this.routes = routes;
    }

    /** From now on wakes are posted with {@code waker} on {@code context} (before: none, as no table was loaded). */
    void start(Context context, LongFunction<io.vertx.core.Future<Void>> waker) {
        this.context = context;
        this.waker = waker;
    }

    int maxHeld() {
        return maxHeld;
    }

    long waitNanos() {
        return waitNanos;
    }

    /** Whether the app has requests held: it is being woken, so a request for it without endpoints waits too. */
    boolean waking(long appId) {
        AppHold h = apps.get(appId);
        return h != null && h.size.get() > 0;
    }

    /** Requests held now, all apps. */
    int held() {
        return apps.values().stream().mapToInt(h -> h.size.get()).sum();
    }

    long wakePosts() {
        return wakePosts.get();
    }

    long wakeFailures() {
        return wakeFailures.get();
    }

    /**
     * Holds {@code e} for its app, unless the app has {@code maxHeld} already; then asks for a
     * wake (if none went out within a second). Called on {@code e}'s event loop.
     *
     * @return false when the app has too many requests held
     */
    boolean hold(Exchange e, long appId, String app) {
        AppHold h = apps.computeIfAbsent(appId, id -> new AppHold());
        h.app = app;
        if (h.size.incrementAndGet() > maxHeld) {
            h.size.decrementAndGet();
            return false;
        }
        h.held.add(e);
        wake(appId, h);
        // A table with endpoints may have arrived between the exchange's look and now.
        if (routes.current().served(appId)) {
            release(h);
        }
        return true;
    }

    /** {@code e} stopped waiting (its wait limit, its client left, its request broke): forgets it. */
    void letGo(Exchange e, long appId) {
        AppHold h = apps.get(appId);
        if (h != null && h.held.remove(e)) {
            h.size.decrementAndGet();
        }
    }

    /** A new table is served: every app it has endpoints for has its held requests released. */
    void tableChanged(LiveRoutes.Snapshot table) {
        apps.forEach((appId, h) -> {
            if (table.served(appId)) {
                release(h);
            }
        });
        // Apps with nothing held and no wake for a while are forgotten.
        long now = System.nanoTime();
        apps.entrySet().removeIf(en -> en.getValue().size.get() == 0 && en.getValue().held.isEmpty()
                && now - en.getValue().wokenAt.get() > waitNanos + WAKE_EVERY_NANOS
                && en.getValue().wokenAt.get() != Long.MIN_VALUE);
    }

    private static void release(AppHold h) {
        Exchange e;
        while ((e = h.held.poll()) != null) {
            h.size.decrementAndGet();
            Exchange x = e;
            x.loop().execute(x::released);
        }
    }

    /** Posts a wake for the app unless one went out within the last second. */
    private void wake(long appId, AppHold h) {
        Context ctx = context;
        LongFunction<io.vertx.core.Future<Void>> post = waker;
        if (ctx == null || post == null) {
            return;
        }
        long now = System.nanoTime();
        long last = h.wokenAt.get();
        if (last != Long.MIN_VALUE && now - last < WAKE_EVERY_NANOS) {
            return;
        }
        if (!h.wokenAt.compareAndSet(last, now)) {
            return; // another event loop is posting it
        }
        ctx.runOnContext(v -> {
            wakePosts.incrementAndGet();
            post.apply(appId).onComplete(ar -> {
                if (ar.succeeded()) {
                    Events.info("router.wake-sent", "app-id", appId, "app", h.app, "held", h.size.get());
                    return;
                }
                wakeFailures.incrementAndGet();
                Events.warn("router.wake-failed", "app-id", appId, "app", h.app, "error", Events.describe(ar.cause()),
                        "held", h.size.get(), "retry-in-ms", WAKE_EVERY_NANOS / 1_000_000);
                // Try again while requests wait (each has its own wait limit).
                ctx.owner().setTimer(WAKE_EVERY_NANOS / 1_000_000, id -> {
                    if (h.size.get() > 0 && !routes.current().served(appId)) {
                        wake(appId, h);
                    }
                });
            });
        });
    }
}
