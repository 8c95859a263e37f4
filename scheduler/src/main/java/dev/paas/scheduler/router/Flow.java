package dev.paas.scheduler.router;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * A body streamed from one side to the other with back-pressure: a full write queue pauses the
 * source until it drains. What Vert.x's {@code pipeTo} does, without its promises and futures
 * per request, and with the two endings kept apart: {@code onEnd} when the source ended,
 * {@code onFailure} when it broke off (the caller decides what a cut-off body becomes). Runs
 * on the event loop of the streams.
 */
final class Flow {

    private Flow() {
    }

    static void of(ReadStream<Buffer> from, WriteStream<Buffer> to, Runnable onEnd, Runnable onFailure) {
        from.handler(buf -> {
            to.write(buf);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
        from.exceptionHandler(t -> onFailure.run());
        from.endHandler(v -> onEnd.run());
        from.resume();
    }
}
