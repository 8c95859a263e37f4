/**
 * The CLI's I/O: {@link dev.paas.cli.infra.ApiClient} (JSON over {@code java.net.http}, API errors
 * turned into {@link dev.paas.cli.infra.ApiException}, an unreachable control plane into one clear
 * message), the config file ({@link dev.paas.cli.infra.ConfigStore}, mode 0600), packing an app's
 * bits ({@link dev.paas.cli.infra.Bits}) and the HTTP implementations of the push ports.
 */
package dev.paas.cli.infra;
