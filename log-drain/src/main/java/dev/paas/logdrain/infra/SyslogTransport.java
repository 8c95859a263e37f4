package dev.paas.logdrain.infra;

import dev.paas.logdrain.core.DrainUrl;
import dev.paas.logdrain.core.Rfc5424;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** syslog:// and syslog-tls://: one TCP connection (TLS checking the drain's certificate and name), RFC 6587 octet-counted frames. */
final class SyslogTransport implements Transport {

    private final DrainUrl url;
    private final SSLContext tls;
    private final Duration connectTimeout;
    private final boolean allowLoopback;
    private volatile Socket socket;
    private OutputStream out;

    /** @param tls null for plain TCP */
    SyslogTransport(DrainUrl url, SSLContext tls, Duration connectTimeout, boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
        this.url = url;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public void send(List<String> messages) throws IOException {
        if (socket == null) {
            connect();
        }
        for (String m : messages) {
            out.write(Rfc5424.frame(m));
        }
        out.flush();
    }

    private void connect() throws IOException {
        InetAddress address = Destinations.resolve(url.host(), allowLoopback);
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(address, url.port()), (int) connectTimeout.toMillis());
            if (tls != null) {
                SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, url.host(), url.port(), true);
                SSLParameters p = t.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");  // the certificate must name the drain's host
                t.setSSLParameters(p);
                t.startHandshake();
                s = t;
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
        socket = s;
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }
}
