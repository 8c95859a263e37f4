/**
 * The sockets of log drains: one {@link dev.paas.logdrain.infra.DrainShipper} per drain URL (a
 * bounded queue and a daemon thread that sends batches, reconnecting with backoff) and its
 * transports (TCP or TLS with octet counting, HTTPS POST).
 */
package dev.paas.logdrain.infra;
