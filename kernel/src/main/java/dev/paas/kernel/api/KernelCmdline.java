package dev.paas.kernel.api;

import dev.paas.model.Accelerator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The guest kernel's command line: a list of validated flags, rendered space-separated into
 * QEMU's {@code -append}. QEMU's microvm appends one {@code virtio_mmio.device=} flag per device
 * by itself (that is why the recipe runs with {@code acpi=off}).
 *
 * @param flags one flag per element; each matches {@value #FLAG_PATTERN}
 */
public record KernelCmdline(List<String> flags) {

    /** Characters a flag may use: no blanks, no quotes, nothing a shell or QEMU would interpret. */
    public static final String FLAG_PATTERN = "[A-Za-z0-9_.,:=/+-]{1,200}";
    private static final Pattern FLAG = Pattern.compile(FLAG_PATTERN);

    /**
     * QEMU user-mode networking's fixed addressing: guest 10.0.2.15/24, gateway 10.0.2.2, DNS
     * 10.0.2.3, configured by the kernel on eth0 before init runs, with autoconfiguration "off".
     */
    public static final String USER_NET_IP = "ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off:10.0.2.3";

    /**
     * The default command line for a one-vCPU guest, one reason per flag:
     * <ul>
     * <li>{@code console=ttyS0,115200}: kernel messages, the init's diagnostics and its exit
     *     record go to the microvm's one 8250 UART, which the host captures. The speed matters:
     *     QEMU paces the UART at the configured baud rate and the kernel's default is 9600, so
     *     every 100 console bytes would cost about 100 ms of boot.</li>
     * <li>{@code quiet}: only errors reach the console (see above: each byte costs time).</li>
     * <li>{@code reboot=t}: reset through a triple fault. The microvm has no ACPI and no keyboard
     *     controller, so this is the reset that works at once; with {@code -no-reboot} QEMU
     *     then exits. The init resets the VM when the app has ended.</li>
     * <li>{@code panic=-1}: reset immediately on a panic (for instance if the init crashed), so
     *     a broken guest ends its QEMU instead of hanging.</li>
     * <li>{@code pci=off}: the recipe has no PCI bus (devices are virtio-mmio); skips probing
     *     PCI configuration space.</li>
     * <li>{@value #USER_NET_IP}: static addressing for user-mode networking, set by the
     *     kernel: no DHCP round trip and no network code in the init.</li>
     * <li>{@code tsc=reliable}: trust the TSC: no clocksource watchdog, which under TCG's jittery
     *     timing would otherwise demote the TSC to a coarse jiffies clock.</li>
     * <li>{@code no_timer_check}: skips the IO-APIC timer check, a 40 ms busy wait at boot;
     *     QEMU's timer routing is known to work.</li>
     * </ul>
     * Under TCG ({@link #defaults(Accelerator)}) two more:
     * <ul>
     * <li>{@code noapictimer}: the local APIC timer would first be calibrated against the PIT
     *     for 100 ms and more of emulated time; with one vCPU the PIT serves as the tick device.
     *     Not used under KVM (PIT exits are expensive there) nor with more than one vCPU.</li>
     * <li>{@code lpj=700000}: when TSC calibration fails (it often does under TCG), skip the
     *     ~50 ms delay-loop calibration; the value is what TCG measures on our hosts and only
     *     affects busy-wait delays, which the TSC serves whenever it calibrated.</li>
     * </ul>
     */
    public static KernelCmdline defaults() {
        return new KernelCmdline(List.of("console=ttyS0,115200", "quiet", "reboot=t", "panic=-1", "pci=off",
                USER_NET_IP, "tsc=reliable", "no_timer_check"));
    }

    /** The default command line for a one-vCPU guest under the given accelerator. */
    public static KernelCmdline defaults(Accelerator accelerator) {
        return defaults(accelerator, 1);
    }

    /** The default command line for {@code cpus} vCPUs under the given accelerator. */
    public static KernelCmdline defaults(Accelerator accelerator, int cpus) {
        return defaults().tunedFor(accelerator, cpus);
    }

    /**
     * This command line plus what the host decides: under TCG with one vCPU, {@code noapictimer}
     * and {@code lpj=700000} (see {@link #defaults()}). An image records its command line when it
     * is built, but only the node that boots it knows its accelerator: the node agent calls this
     * on the image's line. Idempotent.
     */
    public KernelCmdline tunedFor(Accelerator accelerator, int cpus) {
        KernelCmdline tuned = this;
        if (accelerator == Accelerator.TCG && cpus == 1) {
            for (String flag : List.of("noapictimer", "lpj=700000")) {
                String key = flag.contains("=") ? flag.substring(0, flag.indexOf('=') + 1) : flag;
                boolean present = tuned.flags.stream()
                        .anyMatch(f -> key.endsWith("=") ? f.startsWith(key) : f.equals(key));
                if (!present) {
                    tuned = tuned.with(flag);
                }
            }
        }
        return tuned;
    }

    public KernelCmdline {
        if (flags == null || flags.isEmpty()) {
            throw new IllegalArgumentException("kernel command line must have at least one flag");
        }
        flags = List.copyOf(flags);
        for (String flag : flags) {
            if (flag == null || !FLAG.matcher(flag).matches()) {
                throw new IllegalArgumentException(
                        "kernel flag must match " + FLAG_PATTERN + ", got: " + flag);
            }
        }
    }

    /** Copy with one more flag (validated), e.g. {@code initcall_debug} when profiling. */
    public KernelCmdline with(String flag) {
        List<String> more = new ArrayList<>(flags);
        more.add(flag);
        return new KernelCmdline(more);
    }

    /** Copy without the flags that start with {@code prefix} (e.g. "quiet" or "ip="). */
    public KernelCmdline without(String prefix) {
        return new KernelCmdline(flags.stream().filter(f -> !f.startsWith(prefix)).toList());
    }

    public String render() {
        return String.join(" ", flags);
    }
}
