/**
 * The paas router, Cloud Foundry's gorouter in small: a reverse proxy on Netty's HTTP codecs,
 * with Vert.x for its control-plane calls and /health, and its own main
 * ({@link dev.paas.router.infra.RouterMain}, shaded into {@code target/paas-router.jar}).
 *
 * <pre>
 *  client ──> ProxyServer (its own event loops; per loop an AppPool of keep-alive app connections)
 *               ClientConnection: one request at a time (pipelined ones wait), each an Exchange:
 *                 Host + path ──> LiveRoutes (RouteIndex of Targets) ──> Target.pick (round robin,
 *                 skipping EndpointHealth's bad endpoints) ──> pooled AppConnection, or connect,
 *                 at most 3 endpoints ──> forward with Headers (X-Forwarded-*, X-Request-*),
 *                 stream both bodies, or Tunnel a WebSocket ──> AccessLog entry
 *  TableWatcher   ── long-poll GET /v1/routing/table ──> LiveRoutes.update (whole table swapped)
 *  AccessLogShipper ── POST /v1/routing/access-logs about once a second (RTR lines, batched)
 *  Router         ── starts and stops all of it; GET /health on the admin port
 * </pre>
 *
 * <p>Threads: each request stays on the proxy event loop its client connection is on, its app
 * connection included; the table is one volatile reference read once per request, and the
 * only state shared between event loops is lock-free (round-robin counters, bad endpoints) or
 * a non-blocking queue (the access log). The watcher, the shipper and /health run on Vert.x's
 * one event loop, apart from the proxy's, so building a batch of access-log lines never holds
 * up a request.
 * The pure matching rules live in {@link dev.paas.scheduler.api.RouteIndex}; nothing here
 * decides where a request goes that is not tested there. The life of one request is a
 * {@link dev.paas.router.core.ExchangePhase}, changed only through its transition table.
 */
package dev.paas.router.infra;
