package dev.paas.router.infra;

import static dev.paas.router.infra.StubControlPlane.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.router.api.RouterConfig;
import dev.paas.router.infra.TestApps.App;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The router's HTTP/1.x on the wire, from a raw socket: what an HTTP client library would hide
 * (pipelining, HTTP/1.0, malformed requests, connections closing) and what the proxy's own
 * connection handling must get right.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RouterWireTest {

    static final Duration CLIENT_IDLE = Duration.ofMillis(1500);
    private static RouterRig rig;
    private static StubControlPlane controlPlane;
    private static Router router;
    private static App app;

    @BeforeAll
    static void start() throws Exception {
        rig = new RouterRig();
        controlPlane = rig.controlPlane();
        router = rig.startRouter(StubControlPlane.KEY,
                RouterConfig.Tuning.DEFAULT.withFlushEvery(Duration.ofMillis(50)).withClientIdle(CLIENT_IDLE));
        app = rig.apps().start("wire");
        rig.serve(route("wire.test", "", 21, app.endpoint()));
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    @Test
    void answersPipelinedRequestsInOrderOnOneConnection() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET /first HTTP/1.1\r\nHost: wire.test\r\n\r\n"
                    + "GET /nowhere HTTP/1.1\r\nHost: nobody.test\r\n\r\n"
                    + "POST /third HTTP/1.1\r\nHost: wire.test\r\nContent-Length: 5\r\n\r\nhello");

            Response first = Response.read(s.getInputStream());
            Response second = Response.read(s.getInputStream());
            Response third = Response.read(s.getInputStream());

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).contains("\"uri\":\"/first\"");
            assertThat(second.status()).isEqualTo(404);
            assertThat(third.status()).isEqualTo(200);
            assertThat(third.body()).contains("\"uri\":\"/third\"", "\"bodyBytes\":5");
        }
    }

    @Test
    void keepsAppConnectionsAliveAcrossRequests() throws Exception {
        int before = app.connections().get();
        for (int i = 0; i < 5; i++) {
            try (Socket s = connect()) {
                send(s, "GET /again HTTP/1.1\r\nHost: wire.test\r\nConnection: close\r\n\r\n");
                assertThat(Response.read(s.getInputStream()).status()).isEqualTo(200);
            }
        }
        assertThat(app.connections().get() - before).as("new connections to the app for 5 requests in a row")
                .isLessThanOrEqualTo(2); // one per event loop at most
    }

    @Test
    void closesAnIdleKeepAliveConnectionButNotOneWaitingForItsApp() throws Exception {
        try (Socket s = connect()) {
            // The app takes longer than the idle time: the client is waiting, not idle.
            long sent = System.nanoTime();
            send(s, "GET /slow/2500 HTTP/1.1\r\nHost: wire.test\r\n\r\n");
            assertThat(Response.read(s.getInputStream()).status()).isEqualTo(200);
            long answered = System.nanoTime();

            assertThat(s.getInputStream().read()).as("closed once idle between requests").isEqualTo(-1);
            long closed = System.nanoTime();
            // Checked every CLIENT_IDLE since the client's last bytes: the first check found the
            // request in flight, the next one an idle connection.
            assertThat((closed - sent) / 1_000_000).isGreaterThanOrEqualTo(2 * CLIENT_IDLE.toMillis() - 100);
            assertThat((closed - answered) / 1_000_000).isLessThanOrEqualTo(CLIENT_IDLE.toMillis() + 1000);
        }
    }

    @Test
    void speaksHttp10ToHttp10Clients() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET /old HTTP/1.0\r\nHost: wire.test\r\n\r\n");
            Response r = Response.read(s.getInputStream());

            assertThat(r.head()).startsWith("HTTP/1.0 200");
            assertThat(r.body()).contains("\"uri\":\"/old\"");
            assertThat(s.getInputStream().read()).as("closed after the response").isEqualTo(-1);
        }
        try (Socket s = connect()) {
            send(s, "GET /old HTTP/1.0\r\nHost: wire.test\r\nConnection: keep-alive\r\n\r\n"
                    + "GET /old2 HTTP/1.0\r\nHost: wire.test\r\nConnection: keep-alive\r\n\r\n");
            Response r = Response.read(s.getInputStream());
            Response r2 = Response.read(s.getInputStream());

            assertThat(r.header("connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(r2.body()).contains("\"uri\":\"/old2\"");
        }
    }

    @Test
    void refusesMalformedRequestsAndClosesTheConnection() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET /x HTTP/1.1\r\nHost: wire.test\r\nBroken header line\r\n\r\n");
            Response r = Response.read(s.getInputStream());

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("x-paas-router-error")).isEqualTo("bad-request");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket s = connect()) {
            send(s, "GET /x HTTP/1.1\r\nHost: wire.test\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
            Response r = Response.read(s.getInputStream());

            assertThat(r.status()).isEqualTo(431);
            assertThat(r.body()).contains("too long");
        }
    }

    @Test
    void aBrokenChunkedBodyIsA400AndNeverReachesTheAppAsWhole() throws Exception {
        try (Socket s = connect()) {
            send(s, "POST /upload HTTP/1.1\r\nHost: wire.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\nzz-not-a-size\r\n\r\n");
            InputStream in = s.getInputStream();
            String head = Response.readHead(in);

            assertThat(head).startsWith("HTTP/1.1 ");
            if (head.startsWith("HTTP/1.1 200")) {
                throw new AssertionError("the app answered a body that broke off as if it were whole:\n" + head);
            }
            assertThat(head).startsWith("HTTP/1.1 400").containsIgnoringCase("x-paas-router-error: bad-request");
        }
    }

    @Test
    void closesTheClientConnectionWhenTheAppsResponseBreaksOff() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET /cut/1000 HTTP/1.1\r\nHost: wire.test\r\n\r\n");
            InputStream in = s.getInputStream();
            String head = Response.readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: 1048576");

            long body = in.transferTo(OutputStream.nullOutputStream()); // until the router closes

            assertThat(body).as("what the app sent before it died").isEqualTo(1000);
        }
    }

    @Test
    void logsA499AndDropsTheAppConnectionWhenTheClientLeavesFirst() throws Exception {
        int linesBefore = controlPlane.lines().size();
        int appRequests = app.requests().get();
        try (Socket s = connect()) {
            send(s, "GET /slow/500 HTTP/1.1\r\nHost: wire.test\r\nX-Request-Id: leaves-early\r\n\r\n");
            // The client leaves once the request has reached the app.
            TestApps.until("the request at the app", Duration.ofSeconds(5), () -> app.requests().get() > appRequests);
        }
        TestApps.until("the access-log line", Duration.ofSeconds(5), () -> controlPlane.lines().size() > linesBefore);

        assertThat(controlPlane.lines().stream().map(l -> l.getString("text"))
                .filter(t -> t.contains("leaves-early"))).singleElement().asString().startsWith("GET /slow/500 499 ");
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", router.port());
        s.setSoTimeout(5000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** One response read off a socket: Content-Length or chunked bodies, or until close for HTTP/1.0. */
    record Response(String head, String body) {

        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        static Response read(InputStream in) throws IOException {
            String head = readHead(in);
            Response h = new Response(head, "");
            String length = h.header("content-length");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (length != null) {
                body.write(in.readNBytes(Integer.parseInt(length)));
            } else if ("chunked".equalsIgnoreCase(h.header("transfer-encoding"))) {
                int size;
                while ((size = Integer.parseInt(readLine(in), 16)) > 0) {
                    body.write(in.readNBytes(size));
                    readLine(in);
                }
                readLine(in);
            } else {
                try {
                    in.transferTo(body);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("a body without length that did not end with the connection", e);
                }
            }
            return new Response(head, body.toString(StandardCharsets.UTF_8));
        }

        static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            String line;
            while (!(line = readLine(in)).isEmpty()) {
                head.append(line).append("\r\n");
            }
            return head.toString();
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed after: " + line);
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
