package dev.paas.kernel.api;

import dev.paas.model.Accelerator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything {@link QemuCommand} needs to start one guest, checked once: every later step may
 * trust it. Build it with {@link #builder()}; {@link Builder#build()} validates (allow-listed
 * path characters, existing inputs, bounded memory and CPUs, literal IPv4 host address, optional
 * confinement of every path under given roots) and throws {@link IllegalArgumentException}
 * naming the field.
 *
 * @param qemu           the {@code qemu-system-x86_64} binary
 * @param kernel         the guest kernel: the uncompressed {@code vmlinux} (PVH entry) or {@code bzImage}
 * @param initramfs      the initramfs (cpio newc, optionally gzip) with {@code /init} and the app
 * @param memoryMib      guest memory
 * @param cpus           virtual CPUs
 * @param accelerator    KVM when a probe boot worked on this host, else TCG
 * @param tcgCacheMib    TCG's translation cache ({@code tb-size}) in MiB; unused under KVM. What
 *                       the guest's code needs: {@link #SMALL_TCG_CACHE_MIB} for a C program,
 *                       {@link #DEFAULT_TCG_CACHE_MIB} for a JVM (kernel/README.md, "QEMU recipe")
 * @param cmdline        the kernel command line
 * @param network        how the guest's one NIC reaches the world: QEMU user networking with one
 *                       host forward ({@link HostForward}), or a tap device the caller made
 *                       ({@link Tap}, e.g. inside a network namespace)
 * @param consoleLog     file for the serial console; empty means QEMU's stdout
 * @param stdoutLog      file receiving the app's stdout (virtio-serial port {@code paas.stdout})
 * @param stderrLog      file receiving the app's stderr (virtio-serial port {@code paas.stderr})
 * @param controlSocket  Unix socket (QEMU listens) of the control port {@code paas.control};
 *                       writing {@code stop\n} asks the init to stop the app
 * @param qmpSocket      optional Unix socket for QMP (QEMU listens)
 * @param disk           optional writable disk: a raw file holding an empty ext4 file system,
 *                       attached as virtio-blk with serial {@link QemuCommand#DISK_SERIAL}; the
 *                       init makes it the root's writable layer, so its size is the guest's
 *                       writable space (kernel/README.md, "The writable disk")
 * @param rootDisk       optional read-only root: a raw file holding the image's files as erofs,
 *                       attached read-only as virtio-blk with serial {@link QemuCommand#ROOT_DISK_SERIAL};
 *                       the init mounts it as the overlay's lower layer (kernel/README.md, "Large
 *                       images: the root on a disk")
 */
public record VmConfig(Path qemu, Path kernel, Path initramfs, int memoryMib, int cpus,
                       Accelerator accelerator, int tcgCacheMib, KernelCmdline cmdline, Network network,
                       Optional<Path> consoleLog, Path stdoutLog, Path stderrLog,
                       Optional<Path> controlSocket, Optional<Path> qmpSocket, Optional<Path> disk,
                       Optional<Path> rootDisk) {

    public static final int MIN_MEMORY_MIB = 32;
    public static final int MAX_MEMORY_MIB = 64 * 1024;
    /** Matches CONFIG_NR_CPUS of the guest kernel. */
    public static final int MAX_CPUS = 16;
    /** Enough for a JVM under TCG: it boots in 11.7 s with 64 MiB, 27 s with 32, 69 s with 16. */
    public static final int DEFAULT_TCG_CACHE_MIB = 64;
    /** Enough for the kernel and a C program: boots as fast as with 64 and keeps 9 MiB less resident. */
    public static final int SMALL_TCG_CACHE_MIB = 16;
    public static final int MIN_TCG_CACHE_MIB = 4;
    public static final int MAX_TCG_CACHE_MIB = 1024;
    /** No commas (QEMU's option separator), blanks, colons or quotes in paths. */
    public static final String PATH_PATTERN = "/[A-Za-z0-9._/@+-]{0,250}";
    private static final Pattern PATH_CHARS = Pattern.compile(PATH_PATTERN);
    /** Unix socket paths are limited to 108 bytes including the terminator. */
    private static final int MAX_SOCKET_PATH = 107;

    /** The guest's network: {@link HostForward} (QEMU user networking) or {@link Tap}. */
    public sealed interface Network permits HostForward, Tap {
    }

    /**
     * One TCP port forwarded from the host to the guest by QEMU's user-mode network.
     *
     * @param hostAddress a literal IPv4 address on the host (e.g. 127.0.0.1 or the node's address)
     * @param hostPort    the host port QEMU listens on
     * @param guestPort   the port the app listens on inside the guest ({@link LaunchSpec#port()})
     * @param restrict    {@code restrict=on}: the guest reaches nothing (not the host, not the
     *                    internet); only the forward comes in
     */
    public record HostForward(String hostAddress, int hostPort, int guestPort, boolean restrict) implements Network {
        private static final Pattern IPV4 = Pattern.compile(
                "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

        public HostForward {
            if (hostAddress == null || !IPV4.matcher(hostAddress).matches()) {
                throw new IllegalArgumentException("hostAddress must be a literal IPv4 address, got: " + hostAddress);
            }
            checkPort("hostPort", hostPort);
            checkPort("guestPort", guestPort);
        }

        public HostForward(String hostAddress, int hostPort, int guestPort) {
            this(hostAddress, hostPort, guestPort, false);
        }
    }

    /**
     * An existing tap device QEMU attaches to ({@code script=no}: QEMU configures nothing). The
     * caller made it, addressed it and placed QEMU in its network namespace.
     *
     * @param ifname the tap's name: 1-15 characters of {@code [A-Za-z0-9_-]}
     * @param vhost  use vhost-net (only where {@code /dev/vhost-net} exists)
     */
    public record Tap(String ifname, boolean vhost) implements Network {
        private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_-]{1,15}");

        public Tap {
            if (ifname == null || !IFNAME.matcher(ifname).matches()) {
                throw new IllegalArgumentException("tap ifname must be 1-15 characters of [A-Za-z0-9_-], got: " + ifname);
            }
        }
    }

    public VmConfig {
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(cmdline, "cmdline");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(consoleLog, "consoleLog");
        Objects.requireNonNull(controlSocket, "controlSocket");
        Objects.requireNonNull(qmpSocket, "qmpSocket");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(rootDisk, "rootDisk");
        checkPath("qemu", qemu);
        if (!qemu.getFileName().toString().equals("qemu-system-x86_64") || !Files.isExecutable(qemu)) {
            throw new IllegalArgumentException("qemu must be an executable qemu-system-x86_64, got: " + qemu);
        }
        checkInput("kernel", kernel);
        checkInput("initramfs", initramfs);
        if (memoryMib < MIN_MEMORY_MIB || memoryMib > MAX_MEMORY_MIB) {
            throw new IllegalArgumentException("memoryMib must be between " + MIN_MEMORY_MIB + " and "
                    + MAX_MEMORY_MIB + ", got: " + memoryMib);
        }
        if (cpus < 1 || cpus > MAX_CPUS) {
            throw new IllegalArgumentException("cpus must be between 1 and " + MAX_CPUS + ", got: " + cpus);
        }
        if (tcgCacheMib < MIN_TCG_CACHE_MIB || tcgCacheMib > MAX_TCG_CACHE_MIB) {
            throw new IllegalArgumentException("tcgCacheMib must be between " + MIN_TCG_CACHE_MIB + " and "
                    + MAX_TCG_CACHE_MIB + ", got: " + tcgCacheMib);
        }
        consoleLog.ifPresent(p -> checkOutput("consoleLog", p));
        checkOutput("stdoutLog", stdoutLog);
        checkOutput("stderrLog", stderrLog);
        controlSocket.ifPresent(p -> checkSocket("controlSocket", p));
        qmpSocket.ifPresent(p -> checkSocket("qmpSocket", p));
        disk.ifPresent(p -> checkDisk("disk", p));
        rootDisk.ifPresent(p -> checkInput("rootDisk", p));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every path that is not the QEMU binary: what confinement under the image cache covers. */
    public List<Path> dataPaths() {
        List<Path> paths = new ArrayList<>(List.of(kernel, initramfs, stdoutLog, stderrLog));
        consoleLog.ifPresent(paths::add);
        controlSocket.ifPresent(paths::add);
        qmpSocket.ifPresent(paths::add);
        disk.ifPresent(paths::add);
        rootDisk.ifPresent(paths::add);
        return paths;
    }

    private static void checkPort(String field, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(field + " must be between 1 and 65535, got: " + port);
        }
    }

    private static void checkPath(String field, Path path) {
        if (path == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        String text = path.toString();
        if (!path.isAbsolute() || !path.normalize().equals(path) || !PATH_CHARS.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    field + " must be a normalised absolute path matching " + PATH_PATTERN + ", got: " + text);
        }
    }

    private static void checkInput(String field, Path path) {
        checkPath(field, path);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException(field + " must be a readable file, got: " + path);
        }
    }

    private static void checkOutput(String field, Path path) {
        checkPath(field, path);
        if (path.getParent() == null || !Files.isDirectory(path.getParent())) {
            throw new IllegalArgumentException(field + " must be in an existing directory, got: " + path);
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(field + " must not be a directory, got: " + path);
        }
    }

    private static void checkDisk(String field, Path path) {
        checkInput(field, path);
        if (!Files.isWritable(path)) {
            throw new IllegalArgumentException(field + " must be a writable file, got: " + path);
        }
    }

    private static void checkSocket(String field, Path path) {
        checkOutput(field, path);
        if (path.toString().length() > MAX_SOCKET_PATH) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_SOCKET_PATH + " bytes: " + path);
        }
    }

    /** Collects the fields; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private Path qemu = Path.of("/usr/bin/qemu-system-x86_64");
        private Path kernel;
        private Path initramfs;
        private int memoryMib = 256;
        private int cpus = 1;
        private Accelerator accelerator = Accelerator.TCG;
        private int tcgCacheMib = DEFAULT_TCG_CACHE_MIB;
        private KernelCmdline cmdline;
        private Network network;
        private Path consoleLog;
        private Path stdoutLog;
        private Path stderrLog;
        private Path controlSocket;
        private Path qmpSocket;
        private Path disk;
        private Path rootDisk;
        private final List<Path> roots = new ArrayList<>();

        private Builder() {}

        public Builder qemu(Path v) { qemu = v; return this; }
        public Builder kernel(Path v) { kernel = v; return this; }
        public Builder initramfs(Path v) { initramfs = v; return this; }
        public Builder memoryMib(int v) { memoryMib = v; return this; }
        public Builder cpus(int v) { cpus = v; return this; }
        public Builder accelerator(Accelerator v) { accelerator = v; return this; }
        public Builder tcgCacheMib(int v) { tcgCacheMib = v; return this; }
        /** Defaults to {@link KernelCmdline#defaults(Accelerator, int)} for the chosen accelerator and CPUs. */
        public Builder cmdline(KernelCmdline v) { cmdline = v; return this; }
        public Builder forward(String hostAddress, int hostPort, int guestPort) {
            network = new HostForward(hostAddress, hostPort, guestPort);
            return this;
        }
        /** User networking that reaches nothing ({@code restrict=on}); only the forward comes in. */
        public Builder restrictedForward(String hostAddress, int hostPort, int guestPort) {
            network = new HostForward(hostAddress, hostPort, guestPort, true);
            return this;
        }
        /** An existing tap device (in QEMU's network namespace) instead of user networking. */
        public Builder tap(String ifname, boolean vhost) {
            network = new Tap(ifname, vhost);
            return this;
        }
        public Builder consoleLog(Path v) { consoleLog = v; return this; }
        public Builder stdoutLog(Path v) { stdoutLog = v; return this; }
        public Builder stderrLog(Path v) { stderrLog = v; return this; }
        public Builder controlSocket(Path v) { controlSocket = v; return this; }
        public Builder qmpSocket(Path v) { qmpSocket = v; return this; }
        /** The writable disk (a raw file with an empty ext4); without one the guest writes to RAM. */
        public Builder disk(Path v) { disk = v; return this; }
        /** The image's read-only root (erofs), for images too large for an initramfs; attached read-only. */
        public Builder rootDisk(Path v) { rootDisk = v; return this; }

        /** Requires every path except the QEMU binary to be under one of these roots (e.g. the image cache). */
        public Builder confineTo(Path... allowed) {
            roots.addAll(List.of(allowed));
            return this;
        }

        public VmConfig build() {
            if (network == null) {
                throw new IllegalArgumentException("forward(hostAddress, hostPort, guestPort) or tap(ifname, vhost) is required");
            }
            KernelCmdline line = cmdline != null ? cmdline
                    : KernelCmdline.defaults(accelerator == null ? Accelerator.TCG : accelerator, Math.max(cpus, 1));
            VmConfig config = new VmConfig(qemu, kernel, initramfs, memoryMib, cpus, accelerator, tcgCacheMib, line,
                    network, Optional.ofNullable(consoleLog), stdoutLog, stderrLog,
                    Optional.ofNullable(controlSocket), Optional.ofNullable(qmpSocket), Optional.ofNullable(disk),
                    Optional.ofNullable(rootDisk));
            if (!roots.isEmpty()) {
                for (Path p : config.dataPaths()) {
                    if (roots.stream().noneMatch(r -> p.startsWith(r.toAbsolutePath().normalize()))) {
                        throw new IllegalArgumentException(p + " is outside the allowed directories " + roots);
                    }
                }
            }
            return config;
        }
    }
}
