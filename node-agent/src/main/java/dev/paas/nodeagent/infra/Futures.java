package dev.paas.nodeagent.infra;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;

/** Waiting for a Vert.x future from a plain thread (start-up and shutdown only, never an event loop). */
final class Futures {

    private Futures() {}

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
