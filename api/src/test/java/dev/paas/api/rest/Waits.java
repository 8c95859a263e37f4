package dev.paas.api.rest;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for something to happen (a subscription, a waiting long-poll), never for time to pass. */
final class Waits {

    private Waits() {
    }

    /** Returns as soon as {@code happened} holds; fails naming {@code what} after {@code timeout}. */
    static void until(String what, BooleanSupplier happened, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!happened.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what);
            }
            LockSupport.parkNanos(1_000_000); // re-check every millisecond
        }
    }
}
