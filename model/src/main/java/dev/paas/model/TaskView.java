package dev.paas.model;

import java.time.Instant;

/**
 * A one-off task of an app (Cloud Foundry's tasks): a VM from the app's current image that runs
 * {@code command} once.
 *
 * @param id            per-app sequence from 1 (Cloud Foundry's {@code sequence_id})
 * @param state         {@code PENDING}, {@code RUNNING}, {@code SUCCEEDED} or {@code FAILED}
 * @param exitCode      null until it ends
 * @param failureReason why it FAILED ("task was cancelled", "exited with 3"), else null
 * @param node          where it runs or ran, null while pending
 */
public record TaskView(long id, String guid, String name, String command, String state, Integer exitCode, String failureReason,
                       String memory, String disk, String node, Instant createdAt, Instant updatedAt) {
}
