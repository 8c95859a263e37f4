package dev.paas.nodeagent.api;

import dev.paas.kernel.api.GuestDisk;
import dev.paas.kernel.api.InstanceEnv;
import dev.paas.nodeagent.core.EgressPolicy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One VM to start, checked once by its constructor: later code trusts it. The driver turns it
 * into the kernel module's validated {@code VmConfig}, so no string from the control plane reaches
 * QEMU's argv without passing through both.
 *
 * @param instanceId  the control plane's instance id
 * @param app         "space/app", for logs only
 * @param index       the instance index (log lines carry it)
 * @param image       the image, already downloaded and verified
 * @param memoryMib   guest memory
 * @param hostAddress literal IPv4 address on which the host port is forwarded
 * @param hostPort    host port forwarded to the image's guest port
 * @param egress      what the guest may reach (parsed strictly from the desired instance)
 * @param diskMib     the guest's writable disk in MiB ({@code disk_quota}): a file of exactly
 *                    that size in the VM's directory, made fresh for every boot
 * @param env         the instance's env, handed to the guest at launch (never logged: values may be secrets)
 */
public record VmSpec(long instanceId, String app, int index, LocalImage image, int memoryMib,
                     String hostAddress, int hostPort, EgressPolicy egress, int diskMib, InstanceEnv env) {

    /** Cloud Foundry's default {@code disk_quota}. */
    public static final int DEFAULT_DISK_MIB = 1024;

    /** Names for logs only (never in an argv); letters, digits, '.', '_' and '-'. */
    private static final Pattern APP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}/[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public VmSpec {
        if (instanceId <= 0) {
            throw new IllegalArgumentException("instanceId must be positive, got: " + instanceId);
        }
        if (app == null || !APP.matcher(app).matches()) {
            throw new IllegalArgumentException("app must be 'space/app' (letters, digits, '.', '_', '-'), got: " + app);
        }
        if (index < 0 || index > 10_000) {
            throw new IllegalArgumentException("index must be between 0 and 10000, got: " + index);
        }
        Objects.requireNonNull(image, "image");
        if (memoryMib < 32 || memoryMib > 64 * 1024) {
            throw new IllegalArgumentException("memoryMib must be between 32 and 65536, got: " + memoryMib);
        }
        if (hostPort < 1024 || hostPort > 65535) {
            throw new IllegalArgumentException("hostPort must be between 1024 and 65535, got: " + hostPort);
        }
        Objects.requireNonNull(hostAddress, "hostAddress");
        Objects.requireNonNull(egress, "egress");
        if (diskMib < GuestDisk.MIN_MIB || diskMib > GuestDisk.MAX_MIB) {
            throw new IllegalArgumentException("diskMib must be between " + GuestDisk.MIN_MIB + " and "
                    + GuestDisk.MAX_MIB + ", got: " + diskMib);
        }
        Objects.requireNonNull(env, "env");
    }

    /** With the default disk and no instance env. */
    public VmSpec(long instanceId, String app, int index, LocalImage image, int memoryMib, String hostAddress,
                  int hostPort, EgressPolicy egress) {
        this(instanceId, app, index, image, memoryMib, hostAddress, hostPort, egress, DEFAULT_DISK_MIB, InstanceEnv.EMPTY);
    }

    /** With no instance env. */
    public VmSpec(long instanceId, String app, int index, LocalImage image, int memoryMib, String hostAddress,
                  int hostPort, EgressPolicy egress, int diskMib) {
        this(instanceId, app, index, image, memoryMib, hostAddress, hostPort, egress, diskMib, InstanceEnv.EMPTY);
    }

    /** With the default disk. */
    public VmSpec(long instanceId, String app, int index, LocalImage image, int memoryMib, String hostAddress,
                  int hostPort, EgressPolicy egress, InstanceEnv env) {
        this(instanceId, app, index, image, memoryMib, hostAddress, hostPort, egress, DEFAULT_DISK_MIB, env);
    }

    /** A VM that may start no connection of its own. */
    public VmSpec(long instanceId, String app, int index, LocalImage image, int memoryMib, String hostAddress,
                  int hostPort) {
        this(instanceId, app, index, image, memoryMib, hostAddress, hostPort, EgressPolicy.DENY_ALL);
    }
}
