package dev.paas.model;

import java.time.Instant;

/**
 * One task of an app ({@code GET /v1/spaces/{space}/apps/{app}/tasks}), as {@code cf tasks} lists it.
 *
 * @param id            the task's number within its app (Cloud Foundry's {@code sequence_id}), from 1
 * @param guid          a unique id over all apps
 * @param name          given, or 8 hex characters as Cloud Foundry makes up
 * @param exitCode      the command's exit code once it ended by itself; null otherwise
 * @param failureReason why it FAILED ("APP/TASK/migrate exited with status 3", "task was cancelled"),
 *                      or while PENDING why no node took it yet; null otherwise
 * @param memory        its VM's memory, e.g. {@code "256M"}
 * @param disk          its VM's writable disk, e.g. {@code "1G"}
 * @param node          the node its VM runs or ran on; null before it was placed
 */
public record TaskView(int id, String guid, String name, String command, TaskState state, Integer exitCode,
                       String failureReason, String memory, String disk, String node, Instant createdAt,
                       Instant updatedAt) {
}
