package dev.paas.kernel.api;

import dev.paas.model.Accelerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class QemuCommandTest {

    @TempDir
    static Path dir;
    static Path qemu;
    static Path kernel;
    static Path initramfs;

    @BeforeEach
    void files() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        qemu = bin.resolve("qemu-system-x86_64");
        if (!Files.exists(qemu)) {
            Files.createFile(qemu, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        kernel = dir.resolve("vmlinux");
        initramfs = dir.resolve("app.cpio");
        if (!Files.exists(kernel)) {
            Files.writeString(kernel, "k");
            Files.writeString(initramfs, "i");
        }
    }

    static VmConfig.Builder valid() {
        return VmConfig.builder().qemu(qemu).kernel(kernel).initramfs(initramfs)
                .forward("127.0.0.1", 40001, 8080)
                .stdoutLog(dir.resolve("stdout.log")).stderrLog(dir.resolve("stderr.log"))
                .controlSocket(dir.resolve("control.sock"));
    }

    @Test
    void tcgRecipe() {
        List<String> argv = QemuCommand.argv(valid().build());
        assertThat(argv.get(0)).isEqualTo(qemu.toString());
        assertThat(String.join(" ", argv))
                .contains("-M microvm,acpi=off")
                .contains("-accel tcg,tb-size=64")
                .contains("-m 256 -smp 1")
                .contains("-nodefaults -no-user-config -no-reboot")
                .contains("-kernel " + kernel + " -initrd " + initramfs)
                .contains("-chardev stdio,id=console,signal=off -serial chardev:console")
                .contains("name=paas.stdout").contains("name=paas.stderr").contains("name=paas.control")
                .contains("socket,id=control,path=" + dir.resolve("control.sock") + ",server=on,wait=off")
                .contains("-netdev user,id=net0,hostfwd=tcp:127.0.0.1:40001-:8080")
                .contains("-device virtio-net-device,netdev=net0")
                .contains("-device virtio-balloon-device,id=balloon0")
                .contains("-device virtio-rng-device")
                .doesNotContain("kvm");
        assertThat(argv.get(argv.indexOf("-append") + 1)).isEqualTo(KernelCmdline.defaults(Accelerator.TCG).render());
    }

    @Test
    void tapInsteadOfUserNetworking() {
        String argv = String.join(" ", QemuCommand.argv(valid().tap("tap0", false).build()));
        assertThat(argv).contains("-netdev tap,id=net0,ifname=tap0,script=no,downscript=no -device virtio-net-device,netdev=net0")
                .doesNotContain("vhost").doesNotContain("user,").doesNotContain("hostfwd");
        assertThat(String.join(" ", QemuCommand.argv(valid().tap("tap0", true).build())))
                .contains("ifname=tap0,script=no,downscript=no,vhost=on");
    }

    @Test
    void restrictedUserNetworkingReachesNothing() {
        assertThat(String.join(" ", QemuCommand.argv(valid().restrictedForward("127.0.0.1", 40001, 8080).build())))
                .contains("-netdev user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:40001-:8080");
    }

    @Test
    void kvmRecipeAndOptionalParts() {
        VmConfig c = valid().accelerator(Accelerator.KVM).memoryMib(512).cpus(2)
                .consoleLog(dir.resolve("console.log")).qmpSocket(dir.resolve("qmp.sock")).build();
        String argv = String.join(" ", QemuCommand.argv(c));
        assertThat(argv).contains("-accel kvm").contains("-m 512 -smp 2").doesNotContain("noapictimer")
                .contains("file,id=console,path=" + dir.resolve("console.log"))
                .contains("-qmp unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off");
    }

    @Test
    void theTcgCacheIsTheConfiguredSize() {
        assertThat(String.join(" ", QemuCommand.argv(valid().tcgCacheMib(VmConfig.SMALL_TCG_CACHE_MIB).build())))
                .contains("-accel tcg,tb-size=16");
        assertThat(String.join(" ", QemuCommand.argv(valid().accelerator(Accelerator.KVM).tcgCacheMib(16).build())))
                .doesNotContain("tb-size");
    }

    @Test
    void withoutControlSocketThereIsNoControlPort() {
        VmConfig c = valid().controlSocket(null).build();
        assertThat(String.join(" ", QemuCommand.argv(c))).doesNotContain("paas.control");
    }

    @Test
    void aDiskIsRawVirtioBlkWithItsSerialAndErrorsReportedToTheGuest() throws IOException {
        Path disk = Files.writeString(dir.resolve("disk.img"), "");
        String argv = String.join(" ", QemuCommand.argv(valid().disk(disk).build()));
        assertThat(argv).contains("-drive file=" + disk + ",if=none,id=disk,format=raw,cache=unsafe,discard=unmap,"
                        + "werror=report,rerror=report")
                .contains("-device virtio-blk-device,drive=disk,serial=paas.disk");
        assertThat(String.join(" ", QemuCommand.argv(valid().build()))).doesNotContain("-drive").doesNotContain("virtio-blk");
    }

    @Test
    void aRootDiskIsReadOnlyVirtioBlkWithItsOwnSerialBesideTheWritableDisk() throws IOException {
        Path disk = Files.writeString(dir.resolve("disk.img"), "");
        Path root = Files.writeString(dir.resolve("root.erofs"), "");
        List<String> argv = QemuCommand.argv(valid().disk(disk).rootDisk(root).build());
        String text = String.join(" ", argv);
        assertThat(text).contains("-drive file=" + root + ",if=none,id=root,format=raw,readonly=on")
                .contains("-device virtio-blk-device,drive=root,serial=paas.root");
        // The writable disk comes first: it stays /dev/vda (the init finds both by serial anyway).
        assertThat(text.indexOf("serial=paas.disk")).isLessThan(text.indexOf("serial=paas.root"));
        assertThat(String.join(" ", QemuCommand.argv(valid().build()))).doesNotContain("paas.root");
    }

    @Test
    void aDiskOutsideTheConfinedRootsIsRefused() throws IOException {
        Path disk = Files.createTempFile("paas-disk", ".img");
        try {
            assertThatThrownBy(() -> valid().disk(disk).confineTo(dir).build())
                    .hasMessageContaining(disk + " is outside the allowed");
        } finally {
            Files.delete(disk);
        }
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("memory too small", (UnaryOperator<VmConfig.Builder>) b -> b.memoryMib(16), "memoryMib"),
                arguments("memory too large", (UnaryOperator<VmConfig.Builder>) b -> b.memoryMib(1 << 20), "memoryMib"),
                arguments("no cpus", (UnaryOperator<VmConfig.Builder>) b -> b.cpus(0), "cpus"),
                arguments("too many cpus", (UnaryOperator<VmConfig.Builder>) b -> b.cpus(17), "cpus"),
                arguments("TCG cache too small", (UnaryOperator<VmConfig.Builder>) b -> b.tcgCacheMib(3), "tcgCacheMib"),
                arguments("TCG cache too large", (UnaryOperator<VmConfig.Builder>) b -> b.tcgCacheMib(1025), "tcgCacheMib"),
                arguments("relative kernel", (UnaryOperator<VmConfig.Builder>) b -> b.kernel(Path.of("vmlinux")), "kernel"),
                arguments("comma in path", (UnaryOperator<VmConfig.Builder>) b -> b.stdoutLog(dir.resolve("a,b.log")), "stdoutLog"),
                arguments("option smuggled in path", (UnaryOperator<VmConfig.Builder>) b -> b.stderrLog(Path.of("/tmp/x,server=on")), "stderrLog"),
                arguments("dotdot path", (UnaryOperator<VmConfig.Builder>) b -> b.initramfs(Path.of(dir + "/../x/app.cpio")), "initramfs"),
                arguments("missing initramfs", (UnaryOperator<VmConfig.Builder>) b -> b.initramfs(dir.resolve("nope.cpio")), "readable file"),
                arguments("log in missing dir", (UnaryOperator<VmConfig.Builder>) b -> b.stdoutLog(dir.resolve("no/out.log")), "existing directory"),
                arguments("not qemu", (UnaryOperator<VmConfig.Builder>) b -> b.qemu(Path.of("/bin/sh")), "qemu-system-x86_64"),
                arguments("host name", (UnaryOperator<VmConfig.Builder>) b -> b.forward("localhost", 1, 2), "IPv4"),
                arguments("bad octet", (UnaryOperator<VmConfig.Builder>) b -> b.forward("256.0.0.1", 1, 2), "IPv4"),
                arguments("host port 0", (UnaryOperator<VmConfig.Builder>) b -> b.forward("127.0.0.1", 0, 2), "hostPort"),
                arguments("guest port too big", (UnaryOperator<VmConfig.Builder>) b -> b.forward("127.0.0.1", 1, 70000), "guestPort"),
                arguments("tap name with option", (UnaryOperator<VmConfig.Builder>) b -> b.tap("tap0,script=/x", false), "ifname"),
                arguments("tap name too long", (UnaryOperator<VmConfig.Builder>) b -> b.tap("t".repeat(16), false), "ifname"),
                arguments("tap name empty", (UnaryOperator<VmConfig.Builder>) b -> b.tap("", true), "ifname"),
                arguments("socket path too long", (UnaryOperator<VmConfig.Builder>) b -> b.controlSocket(dir.resolve("s".repeat(120))), "longer than"),
                arguments("missing disk", (UnaryOperator<VmConfig.Builder>) b -> b.disk(dir.resolve("nope.img")), "disk must be a readable file"),
                arguments("disk with option", (UnaryOperator<VmConfig.Builder>) b -> b.disk(Path.of("/tmp/d.img,format=qcow2")), "disk must be a normalised"),
                arguments("disk is a directory", (UnaryOperator<VmConfig.Builder>) b -> b.disk(dir), "disk must be a readable file"),
                arguments("missing root disk", (UnaryOperator<VmConfig.Builder>) b -> b.rootDisk(dir.resolve("nope.erofs")), "rootDisk must be a readable file"),
                arguments("root disk with option", (UnaryOperator<VmConfig.Builder>) b -> b.rootDisk(Path.of("/tmp/r.erofs,readonly=off")), "rootDisk must be a normalised"),
                arguments("outside the cache", (UnaryOperator<VmConfig.Builder>) b -> b.confineTo(Path.of("/var/cache/paas")), "outside the allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsBadValues(String name, UnaryOperator<VmConfig.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(valid()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void confinementAcceptsPathsUnderTheRoot() {
        assertThat(valid().confineTo(dir).build().kernel()).isEqualTo(kernel);
    }
}
