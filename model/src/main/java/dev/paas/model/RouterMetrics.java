package dev.paas.model;

import java.util.List;

/**
 * {@code POST /v1/routing/metrics}: what a router counted per app since its last accepted post
 * (deltas, so nothing is counted twice and a post the control plane refused is carried into the
 * next one). Only apps with requests in the interval are listed.
 *
 * @param router the router's name, as in access-log batches
 * @param apps   one entry per app that had requests
 */
public record RouterMetrics(String router, List<AppCounts> apps) {

    /**
     * One app's requests through this router in the interval.
     *
     * @param appId     the app's id (from the route table)
     * @param requests  responses finished (the router's own 502/503 for the app and 499s included)
     * @param status4xx of which 400–499
     * @param status5xx of which 500–599
     * @param latency   counts per {@link LatencyBuckets} bucket ({@link LatencyBuckets#COUNT} of them),
     *                  from the request's head to the response's end; WebSocket sessions are not in it
     */
    public record AppCounts(long appId, long requests, long status4xx, long status5xx, List<Long> latency) {
    }
}
