package dev.paas.scheduler.api;

import dev.paas.model.DesiredInstance;
import java.util.Objects;

/**
 * What one instance runs: a revision (image + env + command), the memory of its VM and its
 * writable disk ({@code disk_quota}). Two instances are interchangeable exactly when their
 * releases are equal, so a new revision, a memory change and a disk change are all rolled out
 * the same way. The disk is not a placement resource: nodes do not report disk capacity, and an
 * agent refuses an instance whose disk its host cannot hold.
 */
public record Release(String revision, int memoryMb, int diskMb) {

    public Release {
        Objects.requireNonNull(revision, "revision");
        if (memoryMb <= 0) {
            throw new IllegalArgumentException("memoryMb must be positive, got " + memoryMb);
        }
        if (diskMb <= 0) {
            throw new IllegalArgumentException("diskMb must be positive, got " + diskMb);
        }
    }

    /** With Cloud Foundry's default disk quota. */
    public static Release of(String revision, int memoryMb) {
        return new Release(revision, memoryMb, DesiredInstance.DEFAULT_DISK_MB);
    }

    public static Release of(String revision, int memoryMb, int diskMb) {
        return new Release(revision, memoryMb, diskMb);
    }

    /** {@code 7/256MB}, with {@code +64MB disk} when the disk is not the default. */
    @Override
    public String toString() {
        return revision + "/" + memoryMb + "MB" + (diskMb == DesiredInstance.DEFAULT_DISK_MB ? "" : "+" + diskMb + "MB disk");
    }
}
