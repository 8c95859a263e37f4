package dev.paas.nodeagent.core;

import java.util.Optional;

/**
 * Whether one more instance's writable disk fits this host. Disks are sparse files that only
 * grow as their guests write, so "fits" means: the host's free space holds the new disk's whole
 * quota on top of what the live disks may still take (their whole quotas: what they wrote is
 * already gone from the free space, so this errs on the safe side). Then no guest can fill the
 * host's disk, only its own.
 */
public final class DiskBudget {

    private DiskBudget() {}

    /**
     * The refusal, or empty when it fits.
     *
     * @param freeMib   usable space of the file system holding the disks
     * @param askedMib  the new instance's disk quota
     * @param othersMib the sum of the quotas of the other live instances' disks
     * @param where     the directory the disks live in, for the message
     */
    public static Optional<String> refusal(long freeMib, int askedMib, long othersMib, String where) {
        if (freeMib >= askedMib + othersMib) {
            return Optional.empty();
        }
        return Optional.of("insufficient disk on node: the disk quota " + askedMib + " MiB does not fit in the "
                + freeMib + " MiB free under " + where + " with the " + othersMib
                + " MiB other instances' disks may still take");
    }
}
