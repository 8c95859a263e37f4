package dev.paas.logdrain.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** syslog-tls:// and https:// drains against servers of the test's own on loopback, with a certificate made for 127.0.0.1. */
class TlsDrainsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    static SSLContext server;
    static SSLContext client;
    static SSLContext stranger;

    @BeforeAll
    static void certificates() throws Exception {
        server = keyPair("drain", "IP:127.0.0.1");
        stranger = keyPair("other", "DNS:elsewhere.example");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(dir.resolve("drain.p12").toFile())) {
            ks.load(in, PASSWORD);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
    }

    /** A self-signed key pair made with the JDK's keytool; the server context presenting it. */
    private static SSLContext keyPair(String name, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", name, "-keyalg", "EC", "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }

    private static DrainLine line(String text) {
        return new DrainLine(Instant.parse("2026-12-06T11:00:00Z"), "dev/web", "APP/PROC/WEB", "0", false, text);
    }

    private static LogDrains drains() {
        return new LogDrains("node-1", LogDrains.Settings.DEFAULTS.withTls(client).withLoopback(true).withBackoff(Duration.ofMillis(20), Duration.ofMillis(100)));
    }

    @Test
    void syslogTlsFramesArriveOverTls() throws Exception {
        try (SyslogListener drain = new SyslogListener(0, server); LogDrains drains = drains()) {
            assertThat(drain.url()).startsWith("syslog-tls://");
            drains.ship(List.of(drain.url()), line("secret-ish"));
            assertThat(drain.next(WAIT)).isEqualTo("<14>1 2026-12-06T11:00:00.000000Z node-1 dev/web [APP/PROC/WEB/0] - - secret-ish\n");
        }
    }

    @Test
    void aDrainWhoseCertificateDoesNotNameItIsNotSentTo() throws Exception {
        try (SyslogListener drain = new SyslogListener(0, stranger); LogDrains drains = drains()) {
            drains.ship(List.of(drain.url()), line("must not arrive"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (drains.dropped(drain.url()) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);  // waits on the counter the refused handshake moves
            }
            assertThat(drains.dropped(drain.url())).isEqualTo(1);
            assertThat(drains.sent(drain.url())).isZero();
        }
    }

    @Test
    void httpsDrainsGetAPostPerBatchOfRfc5424Lines() throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(server));
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        https.createContext("/ingest", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // The first request fails: the drain is retried after backoff, that batch counted as dropped.
            int status = calls.incrementAndGet() == 1 ? 503 : 204;
            if (status == 204) {
                bodies.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Content-Type") + "\n" + body);
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        https.start();
        String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/ingest?token=t";
        try (LogDrains drains = drains()) {
            drains.ship(List.of(url), line("first"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (drains.dropped(url) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            drains.ship(List.of(url), line("a"));
            drains.ship(List.of(url), line("b"));
            String got = bodies.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(got).startsWith("POST text/plain; charset=utf-8\n<14>1 ").contains(" - - a\n");
            String all = got + (got.contains(" - - b\n") ? "" : bodies.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertThat(all).contains(" - - b\n").doesNotContain(" - - first");
            assertThat(drains.dropped(url)).isEqualTo(1);
        } finally {
            https.stop(0);
        }
    }
}
