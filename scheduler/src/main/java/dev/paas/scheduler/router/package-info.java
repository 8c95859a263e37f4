/**
 * The paas router, Cloud Foundry's gorouter in small: a Vert.x reverse proxy with its own main
 * ({@link dev.paas.scheduler.router.RouterMain}, shaded into {@code target/paas-router.jar}).
 *
 * <pre>
 *  client ──> ProxyVerticle (one per event loop: server + pooled keep-alive client)
 *               Proxy: Host + path ──> LiveRoutes (RouteIndex of Targets) ──> Target.pick (round robin,
 *                      skipping EndpointHealth's bad endpoints) ──> connect, at most 3 endpoints
 *                      ──> forward with Headers (X-Forwarded-*, X-Request-*), Flow both bodies,
 *                          or Tunnel a WebSocket ──> AccessLog entry
 *  TableWatcher   ── long-poll GET /v1/routing/table ──> LiveRoutes.update (whole table swapped)
 *  AccessLogShipper ── POST /v1/routing/access-logs about once a second (RTR lines, batched)
 *  Router         ── starts and stops all of it; GET /health on the admin port
 * </pre>
 *
 * <p>Threads: each request stays on the event loop that accepted its connection, its app
 * connection included; the table is one volatile reference read once per request, and the
 * only state shared between event loops is lock-free (round-robin counters, bad endpoints) or
 * a non-blocking queue (the access log). The watcher and the shipper share one context, so
 * the control-plane client's pooled connections are always used on the thread that owns them.
 * The pure matching rules live in {@link dev.paas.scheduler.core.RouteIndex}; nothing here
 * decides where a request goes that is not tested there.
 */
package dev.paas.scheduler.router;
