package dev.paas.nodeagent.infra;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/** The one request to {@code /} that warms an instance before its snapshot (the JIT, caches, lazy init). */
final class Warmup {

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.snapshots");
    private static final int TIMEOUT_MS = 10_000;

    private Warmup() {}

    /** GET http://ENDPOINT/, any status; a failure is logged (the snapshot is taken anyway). */
    static void request(String endpoint) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + endpoint + "/").toURL().openConnection();
            c.setConnectTimeout(TIMEOUT_MS);
            c.setReadTimeout(TIMEOUT_MS);
            c.setInstanceFollowRedirects(false);
            int status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            c.disconnect();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "snapshot.warmup-failed endpoint=" + endpoint + " error=" + e.getMessage());
        }
    }
}
