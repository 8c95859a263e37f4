package dev.paas.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the platform reads a service broker's answers, per the Open Service Broker API v2.17
 * ("Response" tables of each endpoint and "Orphan Mitigation"). Pure: the HTTP exchange happens
 * in {@code infra.OsbClient}; these functions decide what it means.
 *
 * <p>Orphan mitigation (provision and bind only): a time-out, a connection broken after the
 * request was sent, a 408, a 5xx, a 2xx other than those the spec defines, or a 200/201/202 whose
 * body cannot be read all leave it unknown whether the broker made something, so the platform
 * sends the matching delete. A 4xx (but 408) means the broker made nothing.
 */
public final class Osb {

    /** The API version paas speaks, sent as {@code X-Broker-API-Version}. */
    public static final String API_VERSION = "2.17";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_QUOTED = 300;

    private Osb() {
    }

    /** {@code PUT /v2/service_instances/:id?accepts_incomplete=true}. */
    public static OsbOutcome provision(String broker, Duration timeout, OsbReply r) {
        return create(broker, timeout, r, "provision", true);
    }

    /** {@code PUT /v2/service_instances/:id/service_bindings/:bid} (synchronous: no accepts_incomplete). */
    public static OsbOutcome bind(String broker, Duration timeout, OsbReply r) {
        OsbOutcome o = create(broker, timeout, r, "bind", false);
        if (o instanceof OsbOutcome.Done d && d.body().containsKey("credentials") && !(d.body().get("credentials") instanceof Map)) {
            return new OsbOutcome.Orphan(says(broker, r) + " with credentials that are not a JSON object");
        }
        return o;
    }

    private static OsbOutcome create(String broker, Duration timeout, OsbReply r, String what, boolean async) {
        if (!r.answered()) {
            return switch (r.problem()) {
                case TIMED_OUT -> new OsbOutcome.Orphan(timedOut(broker, timeout));
                case BROKEN -> new OsbOutcome.Orphan("broker '" + broker + "' broke the connection before answering"
                        + detail(r));
                case UNREACHABLE -> new OsbOutcome.Refused(unreachable(broker, r));
            };
        }
        int s = r.status();
        if (s == 200 || s == 201 || (s == 202 && async)) {
            Optional<Map<String, Object>> body = object(r.body());
            if (body.isEmpty()) {
                return new OsbOutcome.Orphan(says(broker, r) + " with a body that is not a JSON object: " + quote(r.body()));
            }
            if (s == 202) {
                Object op = body.get().get("operation");
                if (op != null && !(op instanceof String)) {
                    return new OsbOutcome.Orphan(says(broker, r) + " with an operation that is not a string: " + quote(r.body()));
                }
                return new OsbOutcome.Accepted((String) op, "broker '" + broker + "' is working on it");
            }
            return new OsbOutcome.Done(body.get(), "broker '" + broker + "' made it");
        }
        if (s == 202) {
            return new OsbOutcome.Orphan(says(broker, r) + " (asynchronous) to a synchronous " + what
                    + ", which OSB does not allow");
        }
        if (s == 422) {
            String error = errorCode(r.body());
            if ("ConcurrencyError".equals(error)) {
                return new OsbOutcome.Concurrency(says(broker, r) + " ConcurrencyError: " + brokerText(r.body()));
            }
            if ("AsyncRequired".equals(error) && !async) {
                return new OsbOutcome.Refused("broker '" + broker + "' requires asynchronous " + what
                        + "ing (AsyncRequired), which paas does not support for bindings");
            }
            return new OsbOutcome.Refused(says(broker, r) + ": " + brokerText(r.body()));
        }
        if (s >= 400 && s < 500 && s != 408) {
            return new OsbOutcome.Refused(says(broker, r) + ": " + brokerText(r.body()));
        }
        // 408, 5xx, and whatever OSB does not define (other 2xx, 1xx, 3xx).
        return new OsbOutcome.Orphan(says(broker, r) + ": " + brokerText(r.body()));
    }

    /** {@code DELETE /v2/service_instances/:id?accepts_incomplete=true&service_id=..&plan_id=..}. */
    public static OsbOutcome deprovision(String broker, Duration timeout, OsbReply r) {
        return delete(broker, timeout, r, true);
    }

    /** {@code DELETE .../service_bindings/:bid?service_id=..&plan_id=..} (synchronous). */
    public static OsbOutcome unbind(String broker, Duration timeout, OsbReply r) {
        return delete(broker, timeout, r, false);
    }

    private static OsbOutcome delete(String broker, Duration timeout, OsbReply r, boolean async) {
        if (!r.answered()) {
            return new OsbOutcome.Failed(r.problem() == OsbReply.NoAnswer.TIMED_OUT ? timedOut(broker, timeout)
                    : r.problem() == OsbReply.NoAnswer.UNREACHABLE ? unreachable(broker, r)
                    : "broker '" + broker + "' broke the connection before answering" + detail(r));
        }
        int s = r.status();
        if (s == 200) {
            return new OsbOutcome.Gone("broker '" + broker + "' removed it");
        }
        if (s == 410) {
            return new OsbOutcome.Gone("broker '" + broker + "' had no such thing (410 Gone)");
        }
        if (s == 202 && async) {
            Optional<Map<String, Object>> body = object(r.body());
            Object op = body.map(b -> b.get("operation")).orElse(null);
            return new OsbOutcome.Accepted(op instanceof String o ? o : null, "broker '" + broker + "' is working on it");
        }
        if (s == 422 && "ConcurrencyError".equals(errorCode(r.body()))) {
            return new OsbOutcome.Concurrency(says(broker, r) + " ConcurrencyError: " + brokerText(r.body()));
        }
        if (s == 202) {
            return new OsbOutcome.Failed(says(broker, r) + " (asynchronous) to a synchronous unbind, which OSB does not allow");
        }
        return new OsbOutcome.Failed(says(broker, r) + ": " + brokerText(r.body()));
    }

    /** What a {@code last_operation} poll found. */
    public enum PollState { IN_PROGRESS, SUCCEEDED, FAILED, GONE, UNKNOWN }

    /** A poll's result: UNKNOWN (the broker failed or said nothing readable) means poll again later. */
    public record Poll(PollState state, String description) {
    }

    /** {@code GET /v2/service_instances/:id/last_operation}. */
    public static Poll lastOperation(String broker, Duration timeout, OsbReply r) {
        if (!r.answered()) {
            return new Poll(PollState.UNKNOWN, r.problem() == OsbReply.NoAnswer.TIMED_OUT ? timedOut(broker, timeout)
                    : r.problem() == OsbReply.NoAnswer.UNREACHABLE ? unreachable(broker, r)
                    : "broker '" + broker + "' broke the connection before answering" + detail(r));
        }
        if (r.status() == 410) {
            return new Poll(PollState.GONE, "broker '" + broker + "' has no such instance (410 Gone)");
        }
        if (r.status() != 200) {
            return new Poll(PollState.UNKNOWN, says(broker, r) + " to last_operation: " + brokerText(r.body()));
        }
        Optional<Map<String, Object>> body = object(r.body());
        Object state = body.map(b -> b.get("state")).orElse(null);
        Object text = body.map(b -> b.get("description")).orElse(null);
        String description = text instanceof String t && !t.isBlank() ? clip(t) : null;
        if (state instanceof String st) {
            switch (st) {
                case "in progress":
                    return new Poll(PollState.IN_PROGRESS, description);
                case "succeeded":
                    return new Poll(PollState.SUCCEEDED, description);
                case "failed":
                    return new Poll(PollState.FAILED, description != null ? description : "broker '" + broker + "' says it failed");
                default:
                    break;
            }
        }
        return new Poll(PollState.UNKNOWN, "broker '" + broker + "' answered last_operation with no state paas knows "
                + "(in progress, succeeded, failed): " + quote(r.body()));
    }

    /** The body as a JSON object; an empty body counts as {@code {}}. */
    public static Optional<Map<String, Object>> object(String body) {
        if (body == null || body.isBlank()) {
            return Optional.of(new LinkedHashMap<>());
        }
        try {
            Object v = JSON.readValue(body, Object.class);
            if (v instanceof Map<?, ?>) {
                return Optional.of(JSON.convertValue(v, new TypeReference<LinkedHashMap<String, Object>>() { }));
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** OSB's error code ({@code "error"} of an error body), or null. */
    static String errorCode(String body) {
        Object e = object(body).map(b -> b.get("error")).orElse(null);
        return e instanceof String s ? s : null;
    }

    /** What the broker said: its error body's description (and error code), else the body itself. */
    static String brokerText(String body) {
        Optional<Map<String, Object>> b = object(body);
        Object description = b.map(m -> m.get("description")).orElse(null);
        Object error = b.map(m -> m.get("error")).orElse(null);
        if (description instanceof String d && !d.isBlank()) {
            return clip(error instanceof String e ? e + ": " + d : d);
        }
        if (error instanceof String e && !e.isBlank()) {
            return clip(e);
        }
        return body == null || body.isBlank() ? "(no body)" : quote(body);
    }

    private static String says(String broker, OsbReply r) {
        return "broker '" + broker + "' answered " + r.status();
    }

    /** "broker 'pg' timed out after 60 s". */
    public static String timedOut(String broker, Duration timeout) {
        long ms = timeout.toMillis();
        String t = ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
        return "broker '" + broker + "' timed out after " + t;
    }

    private static String unreachable(String broker, OsbReply r) {
        return "broker '" + broker + "' could not be reached" + detail(r);
    }

    private static String detail(OsbReply r) {
        return r.detail() == null || r.detail().isBlank() ? "" : ": " + clip(r.detail());
    }

    private static String quote(String body) {
        String oneLine = body.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return "'" + clip(oneLine) + "'";
    }

    private static String clip(String s) {
        return s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED - 3) + "...";
    }
}
