/**
 * The HTTP door of the control plane: JAX-RS resources under {@code /v1}, the bearer-token
 * filter that resolves the {@link dev.paas.api.core.Caller}, and the one exception mapper that
 * turns every failure into {@code {"code", "message"}}. Resources only translate HTTP to service
 * calls; they hold no logic.
 */
package dev.paas.api.rest;
