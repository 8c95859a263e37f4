package dev.paas.e2e;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A client that sends one request after another (20 ms apart) to an app through the router
 * while a test changes the app, counting answers that pass {@code good} and everything else
 * (other statuses, resets, time-outs) with the first failure kept for the assertion message.
 */
final class Traffic implements AutoCloseable {

    private final AtomicBoolean go = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    /** {@link System#nanoTime()} of each failure, to tell when failures happened. */
    private final java.util.Queue<Long> failedAt = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Thread thread;

    private Traffic(Platform platform, String host, Predicate<HttpResponse<String>> good) {
        thread = new Thread(() -> {
            while (go.get()) {
                try {
                    HttpResponse<String> r = platform.viaRouter(host, "/");
                    if (good.test(r)) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        failedAt.add(System.nanoTime());
                        firstFailure.compareAndSet(null, r.statusCode() + " " + r.body());
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failed.incrementAndGet();
                    failedAt.add(System.nanoTime());
                    firstFailure.compareAndSet(null, e.toString());
                }
            }
        }, "e2e-traffic-" + host);
    }

    static Traffic start(Platform platform, String host, Predicate<HttpResponse<String>> good) {
        Traffic t = new Traffic(platform, host, good);
        t.thread.start();
        return t;
    }

    int ok() {
        return ok.get();
    }

    int failed() {
        return failed.get();
    }

    /** Failures that happened {@code nanos} or later ({@link System#nanoTime()}). */
    long failedSince(long nanos) {
        return failedAt.stream().filter(t -> t - nanos >= 0).count();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    /** Stops after the request in flight. */
    @Override
    public void close() throws InterruptedException {
        go.set(false);
        thread.join();
    }
}
