package dev.paas.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.paas.cli.core.CliException;
import dev.paas.model.ErrorCode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiClientTest {

    private HttpServer server;

    private String serve(int status, String contentType, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anUnreachableControlPlaneIsOneClearSentence() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ApiClient api = new ApiClient(ApiClient.defaultHttpClient(), "http://127.0.0.1:" + port + "/", null);
        assertThatThrownBy(() -> api.get("/v1/me")).isInstanceOf(CliException.class)
                .hasMessage("cannot reach the control plane at http://127.0.0.1:" + port
                        + ": is it running? (./paas up)");
    }

    @Test
    void anApiErrorCarriesItsCodeAndMessage() throws Exception {
        String url = serve(409, "application/json", "{\"code\":\"STALE_VERSION\",\"message\":\"app hello changed\"}");
        ApiClient api = new ApiClient(ApiClient.defaultHttpClient(), url, null);
        assertThatThrownBy(() -> api.patch("/v1/x", java.util.Map.of("a", 1))).isInstanceOfSatisfying(ApiException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo(ErrorCode.STALE_VERSION);
                    assertThat(e.getMessage()).isEqualTo("app hello changed");
                });
    }

    @Test
    void anExpiredTokenSuggestsLoggingIn() throws Exception {
        String url = serve(401, "application/json", "{\"code\":\"UNAUTHENTICATED\",\"message\":\"the token has expired\"}");
        ApiClient api = new ApiClient(ApiClient.defaultHttpClient(), url, "old");
        assertThatThrownBy(() -> api.get("/v1/me")).hasMessage("the token has expired (run 'paas login')");
    }

    @Test
    void aForeignErrorPageBecomesAStatusLine() throws Exception {
        String url = serve(502, "text/html", "<html>Bad Gateway</html>");
        ApiClient api = new ApiClient(ApiClient.defaultHttpClient(), url, null);
        assertThatThrownBy(() -> api.get("/v1/spaces?page=1")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isNull();
            assertThat(e.getMessage()).isEqualTo("the control plane answered 502 to GET /v1/spaces");
        });
    }

    @Test
    void aBare413SaysTheRequestWasTooLarge() throws Exception {
        String url = serve(413, "text/plain", "");
        ApiClient api = new ApiClient(ApiClient.defaultHttpClient(), url, null);
        assertThatThrownBy(() -> api.get("/v1/spaces/default/apps/big/packages")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).startsWith("the control plane answered 413 to GET "
                        + "/v1/spaces/default/apps/big/packages: the request is larger than the control plane accepts"));
    }

    @Test
    void anUnreadableAnswerSaysSo() throws Exception {
        String url = serve(200, "application/json", "[1,2]");
        ApiClient api = new ApiClient(ApiClient.defaultHttpClient(), url, null);
        assertThatThrownBy(() -> api.get("/v1/me").as(dev.paas.model.MeView.class))
                .hasMessageStartingWith("the control plane sent an answer this CLI cannot read");
    }

    @Test
    void uploadsAFileAndReportsProgress(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.write(tmp.resolve("app.jar"), new byte[200_000]);
        java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            received.set(ex.getRequestBody().readAllBytes().length);
            byte[] b = ("{\"type\":\"" + ex.getRequestHeaders().getFirst("Content-Type") + "\"}").getBytes();
            ex.sendResponseHeaders(201, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        dev.paas.cli.core.Progress progress = new dev.paas.cli.core.Progress() {
            @Override
            public void start(String label, long total) {
            }

            @Override
            public void advance(long amount) {
                sent.addAndGet(amount);
            }

            @Override
            public void done(String summary) {
            }
        };
        ApiClient api = new ApiClient(ApiClient.defaultHttpClient(), "http://127.0.0.1:" + server.getAddress().getPort(), "t");
        ApiClient.Response r = api.sendFile("PUT", "/v1/x", file, "application/java-archive", progress);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.tree().get("type").asText()).isEqualTo("application/java-archive");
        assertThat(received.get()).isEqualTo(200_000);
        assertThat(sent.get()).isEqualTo(200_000);
    }

    @Test
    void segmentsAreEncoded() {
        assertThat(ApiClient.seg("my app/x")).isEqualTo("my%20app%2Fx");
    }
}
