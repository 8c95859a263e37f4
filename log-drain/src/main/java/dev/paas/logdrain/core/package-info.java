/**
 * Pure rules of log drains: the RFC 5424 message Cloud Foundry writes for a log line, RFC 6587
 * octet-counting frames, drain URLs (scheme, host, default port, a redacted form for logs) and the
 * reconnect backoff. No sockets or files here.
 */
package dev.paas.logdrain.core;
