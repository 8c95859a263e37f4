package dev.paas.api.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.api.core.Osb;
import dev.paas.api.core.OsbReply;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The HTTP side of the Open Service Broker API v2.17: every request carries
 * {@code X-Broker-API-Version: 2.17}, basic auth and, when the caller is known,
 * {@code X-Broker-API-Originating-Identity} (platform {@code paas}, the user name). Each waits at
 * most {@code paas.services.broker-timeout}. What an answer means is decided by {@link Osb};
 * this class never throws for a broker's failure, it returns an {@link OsbReply} saying what came.
 *
 * <p>Thread-safe; called outside database transactions (a broker may take its whole time-out).
 */
@ApplicationScoped
public class OsbClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1024 * 1024;
    private final HttpClient http;
    private final Duration timeout;

    /** Where and as whom to call a broker. {@code password} in clear: never log this record. */
    public record Target(String name, String url, String username, String password) {
        @Override
        public String toString() {
            return "Target[name=" + name + ", url=" + url + "]";
        }
    }

    public OsbClient(PaasConfig config) {
        this.timeout = config.services().brokerTimeout();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Duration timeout() {
        return timeout;
    }

    public OsbReply catalog(Target b) {
        return send(b, "GET", "/v2/catalog", Map.of(), null, null);
    }

    public OsbReply provision(Target b, String instanceId, Map<String, Object> body, String user) {
        return send(b, "PUT", "/v2/service_instances/" + enc(instanceId), Map.of("accepts_incomplete", "true"), body, user);
    }

    public OsbReply deprovision(Target b, String instanceId, String serviceId, String planId, String user) {
        return send(b, "DELETE", "/v2/service_instances/" + enc(instanceId),
                ordered("accepts_incomplete", "true", "service_id", serviceId, "plan_id", planId), null, user);
    }

    public OsbReply lastOperation(Target b, String instanceId, String serviceId, String planId, String operation) {
        Map<String, String> q = ordered("service_id", serviceId, "plan_id", planId);
        if (operation != null) {
            q.put("operation", operation);
        }
        return send(b, "GET", "/v2/service_instances/" + enc(instanceId) + "/last_operation", q, null, null);
    }

    public OsbReply bind(Target b, String instanceId, String bindingId, Map<String, Object> body, String user) {
        return send(b, "PUT", "/v2/service_instances/" + enc(instanceId) + "/service_bindings/" + enc(bindingId), Map.of(), body, user);
    }

    public OsbReply unbind(Target b, String instanceId, String bindingId, String serviceId, String planId, String user) {
        return send(b, "DELETE", "/v2/service_instances/" + enc(instanceId) + "/service_bindings/" + enc(bindingId),
                ordered("service_id", serviceId, "plan_id", planId), null, user);
    }

    private OsbReply send(Target b, String method, String path, Map<String, String> query, Map<String, Object> body, String user) {
        String q = query.isEmpty() ? "" : "?" + query.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        String base = b.url().endsWith("/") ? b.url().substring(0, b.url().length() - 1) : b.url();
        HttpRequest.Builder req;
        try {
            req = HttpRequest.newBuilder(URI.create(base + path + q)).timeout(timeout);
        } catch (IllegalArgumentException e) {
            return OsbReply.unreachable("bad URL: " + e.getMessage());
        }
        req.header("X-Broker-API-Version", Osb.API_VERSION)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (b.username() + ":" + b.password()).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json");
        if (user != null) {
            String identity = Base64.getEncoder().encodeToString(("{\"user_id\":" + quote(user) + "}").getBytes(StandardCharsets.UTF_8));
            req.header("X-Broker-API-Originating-Identity", "paas " + identity);
        }
        if (body != null) {
            req.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] bytes = r.body();
            String text = new String(bytes, 0, Math.min(bytes.length, MAX_BODY), StandardCharsets.UTF_8);
            OsbReply reply = OsbReply.of(r.statusCode(), text);
            return r.headers().firstValue("Retry-After").filter(v -> v.matches("[0-9]{1,6}"))
                    .map(v -> reply.withRetryAfter(Duration.ofSeconds(Long.parseLong(v)))).orElse(reply);
        } catch (HttpConnectTimeoutException e) {
            return OsbReply.unreachable("no connection within " + timeout.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            return OsbReply.timedOut();
        } catch (ConnectException e) {
            return OsbReply.unreachable(e.getMessage() == null ? "connection refused" : e.getMessage());
        } catch (IOException e) {
            return OsbReply.broken(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OsbReply.broken("interrupted");
        }
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("OSB request body", e);
        }
    }

    private static String quote(String s) {
        return json(s);
    }
}
