package dev.paas.model;

/**
 * {@code POST /v1/spaces/{space}/apps/{app}/tasks}: run {@code command} once, as {@code cf run-task}.
 *
 * @param command what to run (through a shell when it needs one), required
 * @param name    optional; Cloud Foundry makes up 8 hex characters
 * @param memory  optional ({@code 512M}); the app's memory when absent
 * @param disk    optional ({@code 1G}); the app's disk quota when absent
 */
public record CreateTaskRequest(String command, String name, String memory, String disk) {
}
