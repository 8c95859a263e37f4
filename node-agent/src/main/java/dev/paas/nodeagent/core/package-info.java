/**
 * Pure supervision logic of the node agent: reconciling desired instances against what runs
 * ({@link dev.paas.nodeagent.core.Reconciler}), the health state machine with Cloud Foundry
 * semantics ({@link dev.paas.nodeagent.core.HealthMonitor}), the per-instance log ring buffer,
 * port allocation and the image cache's LRU policy. No I/O: no files, sockets, Vert.x or clocks;
 * time comes in as an {@link java.time.Instant} argument.
 */
package dev.paas.nodeagent.core;
