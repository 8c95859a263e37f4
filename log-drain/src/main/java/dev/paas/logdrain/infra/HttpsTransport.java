package dev.paas.logdrain.infra;

import dev.paas.logdrain.core.DrainUrl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/** https://: a POST per batch whose body is the batch's RFC 5424 messages, each ending with a newline; any 2xx is success. */
final class HttpsTransport implements Transport {

    /** A drain that takes longer than this to answer a batch counts as down (its lines are dropped meanwhile). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI uri;
    private final HttpClient http;
    private final String host;
    private final boolean allowLoopback;

    HttpsTransport(DrainUrl url, SSLContext tls, Duration connectTimeout, boolean allowLoopback) {
        this.host = url.host();
        this.allowLoopback = allowLoopback;
        this.uri = URI.create(url.url());
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void send(List<String> messages) throws IOException {
        // The client resolves the name again itself: a name that changes its answer between the
        // two lookups could still reach a refused address (DNS rebinding); syslog drains connect
        // to the address checked.
        Destinations.resolve(host, allowLoopback);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("", messages))).build();
        try {
            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                throw new IOException("the drain answered HTTP " + r.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void close() {
        // connections are the client's; nothing to drop
    }
}
