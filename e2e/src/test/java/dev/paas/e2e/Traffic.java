package dev.paas.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A client that sends one request after another (20 ms apart unless told) to an app through the router
 * while a test changes the app, counting answers that pass {@code good} and everything else
 * (other statuses, resets, time-outs) with the first failure kept for the assertion message.
 */
final class Traffic implements AutoCloseable {

    private final AtomicBoolean go = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    /** {@link System#nanoTime()} of each failure, in order: when failures happened. */
    private final java.util.Queue<Long> failedAt = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Thread thread;

    private Traffic(Platform platform, String host, Predicate<HttpResponse<String>> good, Duration pause) {
        thread = new Thread(() -> {
            while (go.get()) {
                try {
                    HttpResponse<String> r = platform.viaRouter(host, "/");
                    if (good.test(r)) {
                        ok.incrementAndGet();
                    } else {
                        fail(r.statusCode() + " " + r.body());
                    }
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    fail(e.toString());
                }
            }
        }, "e2e-traffic-" + host);
    }

    private void fail(String what) {
        failedAt.add(System.nanoTime());
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, what);
    }

    static Traffic start(Platform platform, String host, Predicate<HttpResponse<String>> good) {
        return start(platform, host, good, Duration.ofMillis(20));
    }

    /** As {@link #start(Platform, String, Predicate)}, with {@code pause} between one answer and the next request. */
    static Traffic start(Platform platform, String host, Predicate<HttpResponse<String>> good, Duration pause) {
        Traffic t = new Traffic(platform, host, good, pause);
        t.thread.start();
        return t;
    }

    /** The time from the first failure to the last (zero without failures). */
    Duration failureSpan() {
        List<Long> times = List.copyOf(failedAt);
        return times.isEmpty() ? Duration.ZERO : Duration.ofNanos(times.get(times.size() - 1) - times.get(0));
    }

    /** Failures that happened at {@code nanos} ({@link System#nanoTime()}) or later. */
    long failedSince(long nanos) {
        return failedAt.stream().filter(t -> t - nanos >= 0).count();
    }

    int ok() {
        return ok.get();
    }

    int failed() {
        return failed.get();
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
