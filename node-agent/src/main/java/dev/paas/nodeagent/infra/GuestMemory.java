package dev.paas.nodeagent.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.kernel.api.QemuCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A guest's own memory use, from its virtio balloon's statistics (never inflated; QEMU asks the
 * guest's balloon driver for them every {@link #POLL_SECONDS} s once told to): the guest kernel's
 * total memory minus what it counts as available (MemAvailable), so page cache it would give back
 * is not "used", and QEMU's own memory is not in it (that is the VM's host RSS). The first call
 * for a VM turns polling on ({@code qom-set}); later calls, at most every {@link #READ_EVERY},
 * read the latest figures ({@code qom-get}); in between the last reading is answered. A VM
 * without a balloon (started by an older agent) or a guest that has not answered yet gives null.
 * Blocking (QMP); called from the inspection worker; thread-safe.
 */
final class GuestMemory {

    static final int POLL_SECONDS = 5;
    static final Duration READ_EVERY = Duration.ofSeconds(POLL_SECONDS);
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(1);

    private record Reading(long atMillis, Long usedBytes, boolean polling) {
    }

    private final Map<Long, Reading> readings = new ConcurrentHashMap<>();
    private final Clock clock;

    GuestMemory(Clock clock) {
        this.clock = clock;
    }

    /** The guest's memory use in bytes, or null when not known (yet). */
    Long used(long instanceId, Path qmpSocket) {
        long now = clock.millis();
        Reading last = readings.get(instanceId);
        if (last != null && now - last.atMillis() < READ_EVERY.toMillis() && now >= last.atMillis()) {
            return last.usedBytes();
        }
        boolean polling = last != null && last.polling();
        Long used = last == null ? null : last.usedBytes();
        try {
            if (!polling) {
                Qmp.execute(qmpSocket, "qom-set", Map.of("path", QemuCommand.BALLOON_PATH,
                        "property", "guest-stats-polling-interval", "value", POLL_SECONDS), QMP_TIMEOUT);
                polling = true;
            } else {
                used = usedBytes(Qmp.execute(qmpSocket, "qom-get", Map.of("path", QemuCommand.BALLOON_PATH,
                        "property", "guest-stats"), QMP_TIMEOUT));
            }
        } catch (IOException e) {
            used = null; // no balloon, or QEMU did not answer in time: no figure this round
        }
        readings.put(instanceId, new Reading(now, used, polling));
        return used;
    }

    void forget(long instanceId) {
        readings.remove(instanceId);
    }

    /**
     * {@code stat-total-memory} minus {@code stat-available-memory} of a {@code guest-stats} answer;
     * null while the guest has not reported them (QEMU answers -1, or nothing before the first poll).
     */
    static Long usedBytes(JsonNode guestStats) {
        JsonNode stats = guestStats == null ? null : guestStats.get("stats");
        if (stats == null) {
            return null;
        }
        long total = stats.path("stat-total-memory").asLong(-1);
        long available = stats.path("stat-available-memory").asLong(-1);
        if (total <= 0 || available < 0 || available > total) {
            return null;
        }
        return total - available;
    }
}
