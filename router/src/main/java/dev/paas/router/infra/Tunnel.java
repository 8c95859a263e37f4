package dev.paas.router.infra;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.function.LongConsumer;

/**
 * Two connections joined after a protocol upgrade (a WebSocket handshake answered 101), their
 * HTTP codecs removed: bytes flow both ways, flushed once per read, with back-pressure (a side
 * that cannot take more stops reading the other), and when either side closes or fails both are
 * closed. Both connections are on one event loop; confined to it.
 */
final class Tunnel {

    private final Channel client;
    private final Channel app;
    private final LongConsumer onClose;
    private long toClient;
    private boolean closed;

    /** {@code onClose} gets the bytes sent to the client, once, when the tunnel ends. */
    Tunnel(Channel client, Channel app, LongConsumer onClose) {
        this.client = client;
        this.app = app;
        this.onClose = onClose;
    }

    void fromClient(ByteBuf bytes) {
        app.write(bytes, app.voidPromise());
        if (!app.isWritable()) {
            client.config().setAutoRead(false);
        }
    }

    void fromApp(ByteBuf bytes) {
        toClient += bytes.readableBytes();
        client.write(bytes, client.voidPromise());
        if (!client.isWritable()) {
            app.config().setAutoRead(false);
        }
    }

    void clientReadComplete() {
        app.flush();
    }

    void appReadComplete() {
        client.flush();
    }

    void clientWritabilityChanged() {
        app.config().setAutoRead(client.isWritable());
    }

    void appWritabilityChanged() {
        client.config().setAutoRead(app.isWritable());
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.close();
        app.close();
        onClose.accept(toClient);
    }
}
