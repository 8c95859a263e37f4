package dev.paas.kernel.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The QEMU recipe for one guest (documented in {@code kernel/README.md}, "QEMU recipe"). The
 * argv is built only from a {@link VmConfig}, which validated every value, and is returned as a
 * list for {@link ProcessBuilder}: no shell ever sees it.
 */
public final class QemuCommand {

    /** Port names the init looks for; see kernel/README.md ("Log channels"). */
    public static final String STDOUT_PORT = "paas.stdout";
    public static final String STDERR_PORT = "paas.stderr";
    public static final String CONTROL_PORT = "paas.control";
    /**
     * The virtio balloon's QOM path: never inflated, it is there for its statistics (the guest's
     * total and available memory), which the node agent reads over QMP.
     */
    public static final String BALLOON_PATH = "/machine/peripheral/balloon0";

    /** Serial number of the writable disk; the init finds it by this name (kernel/README.md, "The writable disk"). */
    public static final String DISK_SERIAL = "paas.disk";
    /**
     * Serial number of the image's read-only root disk (erofs); the init finds it by this name
     * (kernel/README.md, "Large images: the root on a disk").
     */
    public static final String ROOT_DISK_SERIAL = "paas.root";
    private QemuCommand() {}

    public static List<String> argv(VmConfig c) {
        List<String> a = new ArrayList<>();
        a.add(c.qemu().toString());
        // microvm: no PCI, no firmware tables; acpi=off makes QEMU list the virtio-mmio devices on
        // the kernel command line (with ACPI on, a kernel without ACPI never finds the NIC).
        a.addAll(List.of("-M", "microvm,acpi=off"));
        a.addAll(switch (c.accelerator()) {
            case KVM -> List.of("-accel", "kvm");
            // QEMU's default translation cache is far larger than one small guest needs.
            case TCG -> List.of("-accel", "tcg,tb-size=" + c.tcgCacheMib());
        });
        a.addAll(List.of("-m", Integer.toString(c.memoryMib()), "-smp", Integer.toString(c.cpus())));
        // Nothing we did not ask for: no default devices, no config files, exit on guest reset.
        a.addAll(List.of("-nodefaults", "-no-user-config", "-no-reboot", "-display", "none"));
        a.addAll(List.of("-kernel", c.kernel().toString(), "-initrd", c.initramfs().toString(),
                "-append", c.cmdline().render()));
        a.addAll(List.of("-chardev", c.consoleLog()
                .map(p -> "file,id=console,path=" + p)
                .orElse("stdio,id=console,signal=off")));
        a.addAll(List.of("-serial", "chardev:console"));
        a.addAll(List.of("-device", "virtio-serial-device,max_ports=4"));
        a.addAll(List.of("-chardev", "file,id=app-stdout,path=" + c.stdoutLog(),
                "-device", "virtserialport,chardev=app-stdout,name=" + STDOUT_PORT + ",nr=1"));
        a.addAll(List.of("-chardev", "file,id=app-stderr,path=" + c.stderrLog(),
                "-device", "virtserialport,chardev=app-stderr,name=" + STDERR_PORT + ",nr=2"));
        c.controlSocket().ifPresent(p -> a.addAll(List.of(
                "-chardev", "socket,id=control,path=" + p + ",server=on,wait=off",
                "-device", "virtserialport,chardev=control,name=" + CONTROL_PORT + ",nr=3")));
        String netdev;
        if (c.network() instanceof VmConfig.Tap t) {
            // The caller made and addressed the tap; QEMU runs no script and only attaches to it.
            netdev = "tap,id=net0,ifname=" + t.ifname() + ",script=no,downscript=no" + (t.vhost() ? ",vhost=on" : "");
        } else {
            VmConfig.HostForward f = (VmConfig.HostForward) c.network();
            netdev = "user,id=net0," + (f.restrict() ? "restrict=on," : "")
                    + "hostfwd=tcp:" + f.hostAddress() + ":" + f.hostPort() + "-:" + f.guestPort();
        }
        a.addAll(List.of("-netdev", netdev, "-device", "virtio-net-device,netdev=net0"));
        a.addAll(List.of("-device", "virtio-balloon-device,id=balloon0"));
        // Entropy from the host (QEMU's built-in backend: its own getrandom), at boot and for the
        // init's reseed after a snapshot restore (kernel/README.md, "Snapshot clones").
        a.addAll(List.of("-device", "virtio-rng-device"));
        // format=raw: never probe what a guest wrote as a qcow2 header. cache=unsafe: flushes are
        // not forwarded (a scratch disk does not outlive its VM). discard=unmap: the guest's
        // deletes punch holes. werror/rerror=report: a host that runs out of space gives the guest
        // an I/O error instead of pausing the VM (QEMU's default for ENOSPC).
        c.disk().ifPresent(p -> a.addAll(List.of(
                "-drive", "file=" + p + ",if=none,id=disk,format=raw,cache=unsafe,discard=unmap,werror=report,rerror=report",
                "-device", "virtio-blk-device,drive=disk,serial=" + DISK_SERIAL)));
        // The image's root: read-only for QEMU too (readonly=on: the guest sees a read-only device,
        // and the cached file, shared by every instance of the image, is never written). Default
        // cache mode: its pages are the host's page cache, shared by those instances.
        c.rootDisk().ifPresent(p -> a.addAll(List.of(
                "-drive", "file=" + p + ",if=none,id=root,format=raw,readonly=on",
                "-device", "virtio-blk-device,drive=root,serial=" + ROOT_DISK_SERIAL)));
        c.qmpSocket().ifPresent(p -> a.addAll(List.of("-qmp", "unix:" + p + ",server=on,wait=off")));
        return List.copyOf(a);
    }
}
