package dev.paas.logdrain.infra;

import java.io.IOException;
import java.util.List;

/** Where a shipper's batches go. Called on the shipper's thread only, except {@link #close()}, which may be called from any thread to unblock it. */
interface Transport extends AutoCloseable {

    /** Sends RFC 5424 messages, connecting first when needed; throws when they may not have arrived. */
    void send(List<String> messages) throws IOException;

    /** Drops the connection (the next send reconnects). Idempotent. */
    @Override
    void close();
}
