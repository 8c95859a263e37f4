package dev.paas.model;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/routing/access-logs}: a router's access-log lines ({@code RTR}), batched (at most
 * 1000 per call), which the control plane adds to each app's log stream.
 */
public record AccessLogBatch(String router, List<AccessLogLine> lines) {

    /**
     * One request: e.g. {@code GET / 200 1234 bytes 12 ms x-request-id: ... endpoint 10.0.0.5:20001}.
     */
    public record AccessLogLine(long appId, Instant at, String text) {
    }
}
