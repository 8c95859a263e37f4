package dev.paas.scheduler.router;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.function.LongConsumer;

/**
 * Two sockets joined after a protocol upgrade (a WebSocket handshake answered 101): bytes flow
 * both ways with back-pressure (a full write queue pauses the other side), and when either side
 * closes or fails both are closed. Runs on the event loop of the client's connection.
 */
final class Tunnel {

    private final NetSocket client;
    private final NetSocket app;
    private final LongConsumer onClose;
    private long toClient;
    private boolean closed;

    private Tunnel(NetSocket client, NetSocket app, LongConsumer onClose) {
        this.client = client;
        this.app = app;
        this.onClose = onClose;
    }

    /** Joins them; {@code onClose} gets the bytes sent to the client, once, when it ends. */
    static void join(NetSocket client, NetSocket app, LongConsumer onClose) {
        Tunnel t = new Tunnel(client, app, onClose);
        t.flow(client, app, false);
        t.flow(app, client, true);
    }

    private void flow(NetSocket from, NetSocket to, boolean counted) {
        from.handler(buf -> forward(buf, from, to, counted));
        from.endHandler(v -> close());
        from.closeHandler(v -> close());
        from.exceptionHandler(t -> close());
    }

    private void forward(Buffer buf, NetSocket from, NetSocket to, boolean counted) {
        if (counted) {
            toClient += buf.length();
        }
        to.write(buf);
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(v -> from.resume());
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.close();
        app.close();
        onClose.accept(toClient);
    }
}
