/**
 * The {@code paas} command: picocli commands, one per Cloud Foundry-style verb, that read the
 * config, call the control plane through {@link dev.paas.cli.infra.ApiClient} and render what
 * comes back. Commands hold no rules of their own: manifests, validation and rendering live in
 * {@link dev.paas.cli.core}, I/O in {@link dev.paas.cli.infra}. Errors reach the user as one line,
 * {@code paas: <message>}, through {@link dev.paas.cli.Main}'s handlers.
 */
package dev.paas.cli;
