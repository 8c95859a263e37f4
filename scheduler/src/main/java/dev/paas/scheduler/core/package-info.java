/**
 * The scheduler's pure logic: placement (a filter chain, then scorers), convergence of desired
 * and actual state, crash back-off, rolling deploys, drain, and the route table. No I/O, no
 * clock, no framework: every function here reads a snapshot and returns a value, which is why
 * the package may not import {@code java.net}, {@code java.nio.file}, {@code java.sql},
 * {@code io.vertx} or {@code jakarta.persistence} (an ArchUnit test holds the door).
 * Per-round helpers ({@code Cluster}, {@code Placer}, {@code PlanBuilder}) are mutable and
 * owned by one round; nothing is shared between rounds.
 */
package dev.paas.scheduler.core;
