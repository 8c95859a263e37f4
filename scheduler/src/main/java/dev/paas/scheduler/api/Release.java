package dev.paas.scheduler.api;

import java.util.Objects;

/**
 * What one instance runs: a revision (image + env + command) and the memory of its VM.
 * Two instances are interchangeable exactly when their releases are equal, so a new revision
 * and a memory change are both rolled out the same way.
 */
public record Release(String revision, int memoryMb) {

    public Release {
        Objects.requireNonNull(revision, "revision");
        if (memoryMb <= 0) {
            throw new IllegalArgumentException("memoryMb must be positive, got " + memoryMb);
        }
    }

    public static Release of(String revision, int memoryMb) {
        return new Release(revision, memoryMb);
    }

    @Override
    public String toString() {
        return revision + "/" + memoryMb + "MB";
    }
}
