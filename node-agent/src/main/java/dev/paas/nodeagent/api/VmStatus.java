package dev.paas.nodeagent.api;

import java.util.Optional;

/**
 * A VM's status as the driver sees it.
 *
 * @param alive      whether its process runs
 * @param exitReason when it ended: the exit record's summary or why it died
 * @param rssBytes   host RSS of the VM's process (0 when gone)
 * @param cpuSeconds CPU time used by the VM's process (user + system)
 * @param guestMemoryUsedBytes the guest's own memory use (its total minus available memory, as its
 *                   kernel reports to the balloon), null when not known
 */
public record VmStatus(boolean alive, Optional<String> exitReason, long rssBytes, double cpuSeconds, Long guestMemoryUsedBytes) {

    public static VmStatus running(long rssBytes, double cpuSeconds) {
        return running(rssBytes, cpuSeconds, null);
    }

    public static VmStatus running(long rssBytes, double cpuSeconds, Long guestMemoryUsedBytes) {
        return new VmStatus(true, Optional.empty(), rssBytes, cpuSeconds, guestMemoryUsedBytes);
    }

    public static VmStatus ended(String reason) {
        return new VmStatus(false, Optional.of(reason), 0, 0, null);
    }
}
