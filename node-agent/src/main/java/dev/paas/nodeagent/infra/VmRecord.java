package dev.paas.nodeagent.infra;

import java.time.Instant;
import java.util.List;

/**
 * The durable record of one VM, {@code vms/<instanceId>/vm.json}: enough to find, check and stop
 * the QEMU process after the agent restarts.
 *
 * @param pidStartTicks the process start time from {@code /proc/<pid>/stat} (field 22), so a
 *                      recycled pid is never mistaken for our QEMU
 * @param stopRequested set when a stop began, so a VM found dead after a restart counts as STOPPED
 * @param netns         the network namespace QEMU runs in; null with {@code --network user}
 * @param diskMib       the size of its writable disk, {@code vms/<id>/disk.img} (0: none, a record
 *                      written before disks existed)
 */
public record VmRecord(long instanceId, String app, int index, String imageDigest, long pid, long pidStartTicks,
                       String qmpSocket, String controlSocket, String hostAddress, int hostPort, int guestPort,
                       int memoryMib, Instant startedAt, boolean stopRequested, List<String> argv,
                       String netns, int diskMib) {

    public VmRecord withStopRequested() {
        return new VmRecord(instanceId, app, index, imageDigest, pid, pidStartTicks, qmpSocket, controlSocket,
                hostAddress, hostPort, guestPort, memoryMib, startedAt, true, argv, netns, diskMib);
    }

    public String endpoint() {
        return hostAddress + ":" + hostPort;
    }
}
