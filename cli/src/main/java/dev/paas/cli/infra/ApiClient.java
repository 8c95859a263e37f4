package dev.paas.cli.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.cli.core.CliException;
import dev.paas.cli.core.Progress;
import dev.paas.model.ErrorCode;
import dev.paas.model.Page;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The control plane's {@code /v1} API over {@code java.net.http}. Every call either returns a
 * 2xx {@link Response} or throws: {@link ApiException} with the API's own message for an error
 * status, {@link CliException} "cannot reach the control plane at URL" when nothing listens.
 * Not thread-safe in any interesting way: one command uses one client on its own thread.
 */
public final class ApiClient {

    /** Long enough for a slow control plane under load, short enough that a hung one is noticed. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int PER_PAGE = 200;

    private final HttpClient http;
    private final String base;
    private final String token;

    /**
     * @param baseUrl e.g. {@code http://localhost:8900} (a trailing {@code /} is dropped)
     * @param token   bearer token, or null for anonymous calls (login)
     */
    public ApiClient(HttpClient http, String baseUrl, String token) {
        this.http = http;
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    public static HttpClient defaultHttpClient() {
        // HTTP/1.1: the control plane speaks it, and h2c upgrade attempts only add a round trip.
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String baseUrl() {
        return base;
    }

    /** A path segment, percent-encoded (names are DNS labels, but a typo must not change the path). */
    public static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code /v1/spaces/SPACE/apps/APP}, each name encoded. */
    public static String appPath(String space, String app) {
        return "/v1/spaces/" + seg(space) + "/apps/" + seg(app);
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response send(String method, String path, Object body) {
        HttpRequest.Builder b = request(path).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = exchange(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            throw error(method, path, r.statusCode(), r.body());
        }
        return new Response(r.statusCode(), r.body());
    }

    /**
     * Sends a file as the request body (uploads), reporting bytes sent to {@code progress} as
     * the HTTP client reads them.
     */
    public Response sendFile(String method, String path, Path file, String contentType, Progress progress) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> counting(file, progress)), size);
        HttpRequest req = request(path).header("Content-Type", contentType).header("Accept", "application/json")
                .method(method, body).build();
        HttpResponse<String> r = exchange(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            throw error(method, path, r.statusCode(), r.body());
        }
        return new Response(r.statusCode(), r.body());
    }

    private static InputStream counting(Path file, Progress progress) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        progress.advance(n);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every item of a paged list ({@code ?page=&perPage=}), as one page holding all of them. */
    public <T> Page<T> all(String path, Class<T> item) {
        JavaType type = Json.MAPPER.getTypeFactory().constructParametricType(Page.class, item);
        List<T> items = new ArrayList<>();
        long total = 0;
        for (int page = 1; ; page++) {
            String sep = path.contains("?") ? "&" : "?";
            Page<T> p = get(path + sep + "page=" + page + "&perPage=" + PER_PAGE).as(type);
            items.addAll(p.items());
            total = p.total();
            if (p.items().isEmpty() || items.size() >= total) {
                break;
            }
        }
        return new Page<>(items, 1, Math.max(items.size(), 1), total);
    }

    /** A small text response ({@code text/plain}) as one string. */
    public String getText(String path) {
        HttpResponse<String> r = exchange(request(path).timeout(REQUEST_TIMEOUT).header("Accept", "text/plain").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            throw error("GET", path, r.statusCode(), r.body());
        }
        return r.body();
    }

    /**
     * A text response ({@code text/plain}, {@code text/event-stream}) read line by line as it
     * arrives. The stream must be closed; an error status is thrown before any line is returned.
     *
     * @param bounded whether the usual request timeout applies (not for endless streams)
     */
    public Stream<String> lines(String path, String accept, boolean bounded) {
        HttpRequest.Builder b = request(path).header("Accept", accept).GET();
        if (bounded) {
            b.timeout(REQUEST_TIMEOUT);
        }
        HttpResponse<Stream<String>> r = exchange(b.build(), HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() >= 400) {
            String body;
            try (Stream<String> s = r.body()) {
                body = String.join("\n", s.limit(50).toList());
            }
            throw error("GET", path, r.statusCode(), body);
        }
        return r.body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.header("User-Agent", "paas-cli");
    }

    private <T> HttpResponse<T> exchange(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(req, handler);
        } catch (HttpTimeoutException e) {
            throw new CliException("the control plane at " + base + " did not answer in time (" + req.method() + " "
                    + req.uri().getPath() + ")", e);
        } catch (IOException e) {
            if (hasCause(e, ConnectException.class)) {
                throw new CliException("cannot reach the control plane at " + base + ": is it running? (./paas up)", e);
            }
            throw new CliException("cannot talk to the control plane at " + base + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", e);
        } catch (IllegalArgumentException e) {
            throw new CliException("'" + base + "' is not a usable API URL (" + e.getMessage()
                    + "); log in again with -a http://HOST:PORT", e);
        }
    }

    private ApiException error(String method, String path, int status, String body) {
        ErrorCode code = null;
        String message = null;
        try {
            JsonNode n = Json.tree(body);
            if (n != null && n.hasNonNull("message")) {
                message = n.get("message").asText();
                try {
                    code = ErrorCode.valueOf(n.path("code").asText());
                } catch (IllegalArgumentException unknownCode) {
                    code = null;
                }
            }
        } catch (UncheckedIOException notJson) {
            message = null;
        }
        if (message != null) {
            // One line on the terminal, whatever the server sent (a refusal is one line, never a trace).
            message = message.strip().replaceAll("\\s*\\R\\s*", " ");
        }
        if (message == null || message.isBlank()) {
            message = "the control plane answered " + status + " to " + method + " " + path.replaceFirst("\\?.*", "")
                    + hint(status);
        }
        if (status == 401 && token != null) {
            message = message + " (run 'paas login')";
        }
        return new ApiException(status, code, message);
    }

    /** What a bare status (no API body: a limit hit before the API's own code ran) most likely means. */
    private static String hint(int status) {
        return switch (status) {
            case 413 -> ": the request is larger than the control plane accepts (for a push: make the bits smaller, "
                    + "e.g. leave build output out of the directory)";
            case 503 -> ": it is not ready (starting, or its database is unavailable); try again shortly";
            default -> "";
        };
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** A 2xx answer: its status and body. */
    public record Response(int status, String body) {

        public <T> T as(Class<T> type) {
            return read(Json.MAPPER.constructType(type));
        }

        public <T> T as(TypeReference<T> type) {
            return read(Json.MAPPER.getTypeFactory().constructType(type));
        }

        public <T> T as(JavaType type) {
            return read(type);
        }

        /** The body as a JSON tree ({@code null} node when empty), for {@code --json} output. */
        public JsonNode tree() {
            return Json.tree(body);
        }

        private <T> T read(JavaType type) {
            try {
                return Json.MAPPER.readValue(body, type);
            } catch (IOException e) {
                throw new CliException("the control plane sent an answer this CLI cannot read (" + e.getMessage()
                        .lines().findFirst().orElse("") + "); is the CLI older than the control plane?", e);
            }
        }
    }
}
