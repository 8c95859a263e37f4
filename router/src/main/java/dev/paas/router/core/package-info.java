/**
 * The router's pure rules: no sockets, no Netty, no Vert.x. The life of one proxied request
 * ({@link dev.paas.router.core.ExchangePhase}) and the router's own answers
 * ({@link dev.paas.router.core.OwnAnswer}), and each app's request counters
 * ({@link dev.paas.router.core.RequestCounters}: atomics only, counted on the data path); where a request goes is decided by the
 * scheduler's {@link dev.paas.scheduler.api.RouteIndex}, by the route table's own rules.
 */
package dev.paas.router.core;
