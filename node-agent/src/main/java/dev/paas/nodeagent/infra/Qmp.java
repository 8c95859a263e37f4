package dev.paas.nodeagent.infra;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot QEMU Machine Protocol client: connect to the VM's QMP socket, read the greeting,
 * negotiate capabilities, run one command and return its {@code return} value. Asynchronous
 * events that arrive in between are skipped. Blocking; any thread.
 */
public final class Qmp {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "qmp-timeout");
        t.setDaemon(true);
        return t;
    });

    private Qmp() {}

    /** Runs {@code command} (no arguments) and returns its result. */
    public static JsonNode execute(Path socket, String command, Duration timeout) throws IOException {
        return execute(socket, command, null, timeout);
    }

    /** Runs {@code command} with {@code arguments} (null: none) and returns its result. */
    public static JsonNode execute(Path socket, String command, java.util.Map<String, Object> arguments, Duration timeout)
            throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // SocketChannel has no read time-out: closing it from a timer unblocks the reader.
            ScheduledFuture<?> guard = TIMER.schedule(() -> {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                        StandardCharsets.UTF_8));
                JsonNode greeting = Json.MAPPER.readTree(requireLine(in));
                if (!greeting.has("QMP")) {
                    throw new IOException("not a QMP greeting: " + greeting);
                }
                send(ch, "{\"execute\":\"qmp_capabilities\"}");
                reply(in);
                java.util.Map<String, Object> call = new java.util.LinkedHashMap<>();
                call.put("execute", command);
                if (arguments != null) {
                    call.put("arguments", arguments);
                }
                send(ch, Json.MAPPER.writeValueAsString(call));
                return reply(in);
            } finally {
                guard.cancel(false);
            }
        }
    }

    private static void send(SocketChannel ch, String json) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static JsonNode reply(BufferedReader in) throws IOException {
        while (true) {
            JsonNode n = Json.MAPPER.readTree(requireLine(in));
            if (n.has("return")) {
                return n.get("return");
            }
            if (n.has("error")) {
                throw new IOException("QMP error: " + n.get("error"));
            }
            // an event: skip
        }
    }

    private static String requireLine(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("QMP connection closed");
        }
        return line;
    }
}
