package dev.paas.nodeagent.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Downloads {@code GET <control plane>/v1/agent/images/{digest}} with the node credential,
 * hashing the bytes as they are written to disk. It runs on the supervisor's worker threads,
 * where blocking is expected, so it uses the JDK's client with a plain stream instead of
 * threading back-pressure through the event loop.
 */
public final class HttpImageFetcher implements ImageFetcher {

    /** Per-read idle limit is the request time-out; a 1 GiB image on a slow link may take minutes. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Supplier<String> credential;

    public HttpImageFetcher(String base, Supplier<String> credential) {
        this.base = base;
        this.credential = credential;
    }

    @Override
    public String fetch(String digest, Path target) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/agent/images/" + digest))
                .header("Authorization", "Bearer " + credential.get())
                .timeout(REQUEST_TIMEOUT)
                .GET().build();
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                throw new IOException("GET /v1/agent/images/" + digest + " answered " + resp.statusCode());
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = Files.newOutputStream(target)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
