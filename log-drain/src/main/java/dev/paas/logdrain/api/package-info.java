/**
 * The door of log drains: {@link dev.paas.logdrain.api.LogDrains} ships
 * {@link dev.paas.logdrain.api.DrainLine}s to the drain URLs of Cloud Foundry's user-provided
 * services, asynchronously and bounded. The control plane and the node agents use it.
 */
package dev.paas.logdrain.api;
