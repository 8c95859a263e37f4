package dev.paas.logdrain.api;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A syslog drain on loopback for tests (this module's, the control plane's, the agents'): accepts
 * TCP connections and reads RFC 6587 octet-counted frames into a queue. Not a production receiver.
 */
public final class SyslogListener implements AutoCloseable {

    private final ServerSocket server;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

    private final boolean tls;

    /** @param port 0 for any free port */
    public SyslogListener(int port) throws IOException {
        this(port, null);
    }

    /** A syslog-tls:// listener when {@code tls} is given (its certificate must name 127.0.0.1). */
    public SyslogListener(int port, javax.net.ssl.SSLContext tls) throws IOException {
        this.tls = tls != null;
        server = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread t = new Thread(this::accept, "syslog-listener");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return (tls ? "syslog-tls" : "syslog") + "://127.0.0.1:" + port();
    }

    /** The next message, failing after {@code wait}. */
    public String next(Duration wait) throws InterruptedException {
        String m = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no syslog message within " + wait);
        }
        return m;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> read(s), "syslog-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream())) {
            while (true) {
                int length = 0;
                int b;
                while ((b = in.read()) != ' ') {
                    if (b < '0' || b > '9') {
                        throw new EOFException(b < 0 ? "closed" : "bad frame length byte " + b);
                    }
                    length = length * 10 + (b - '0');
                }
                messages.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the shipper went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** A loopback port nothing listens on (now). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

}
