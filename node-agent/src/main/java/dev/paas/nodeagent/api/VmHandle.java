package dev.paas.nodeagent.api;

import java.time.Instant;

/**
 * A VM the driver started or recovered. Immutable; the driver's durable record holds the same.
 *
 * @param instanceId  the control plane's instance id
 * @param app         "space/app"
 * @param index       instance index
 * @param imageDigest the image it booted
 * @param pid         the QEMU process id
 * @param hostPort    the forwarded host port
 * @param endpoint    {@code host:port} where the app answers
 * @param memoryMib   guest memory
 * @param startedAt   when the VM was started
 * @param adoptedDead   set by {@link VmDriver#recover()} for a record whose process is gone
 * @param stopRequested set by {@link VmDriver#recover()} when a stop had begun before the restart
 */
public record VmHandle(long instanceId, String app, int index, String imageDigest, long pid, int hostPort,
                       String endpoint, int memoryMib, Instant startedAt, boolean adoptedDead,
                       boolean stopRequested) {}
