package dev.paas.imagefactory.core;

import dev.paas.kernel.api.KernelCmdline;
import dev.paas.kernel.api.RunAs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the standard {@code /etc} of every image holds, so that unmodified Linux programs run:
 * users and groups (root, Cloud Foundry's app user {@code vcap}, nobody/nogroup), name service
 * ({@code nsswitch.conf}: files, then DNS), {@code hosts}, {@code resolv.conf} (the guest's DNS
 * server on the platform's network), and from the build host's Debian packages the MIME types,
 * the CA bundle and the UTC zone as {@code localtime}.
 */
public final class BaseFiles {

    /** Cloud Foundry's unprivileged app user; apps run as it (kernel/README.md, "The app's user"). */
    public static final RunAs APP_USER = RunAs.VCAP;

    /** A file taken from the build host: its path there, in the image, and the package that ships it. */
    public record HostFile(String hostPath, String imagePath, String debianPackage) {}

    public static final List<HostFile> HOST_FILES = List.of(
            new HostFile("/etc/mime.types", "/etc/mime.types", "media-types"),
            new HostFile("/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs/ca-certificates.crt", "ca-certificates"),
            // A copy, not a link: the image has no /usr/share/zoneinfo.
            new HostFile("/usr/share/zoneinfo/UTC", "/etc/localtime", "tzdata"));

    /** The static POSIX shell put at /bin/sh when a command needs one. */
    public static final String BUSYBOX = "/bin/busybox";
    public static final String BUSYBOX_PACKAGE = "busybox-static";

    private BaseFiles() {}

    /** The guest's DNS server: the last field of the kernel's {@code ip=} flag. */
    public static String nameserver() {
        String ip = KernelCmdline.USER_NET_IP;
        return ip.substring(ip.lastIndexOf(':') + 1);
    }

    /** The files the image factory writes itself, by path in the image. */
    public static Map<String, String> generated() {
        Map<String, String> out = new TreeMap<>();
        RunAs u = APP_USER;
        out.put("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
                + u.name() + ":x:" + u.uid() + ":" + u.gid() + ":" + u.name() + ":" + u.home() + ":/bin/sh\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        out.put("/etc/group", "root:x:0:\n" + u.name() + ":x:" + u.gid() + ":\nnogroup:x:65534:\n");
        out.put("/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        out.put("/etc/resolv.conf", "nameserver " + nameserver() + "\n");
        out.put("/etc/nsswitch.conf", """
                passwd:         files
                group:          files
                shadow:         files
                hosts:          files dns
                networks:       files
                protocols:      files
                services:       files
                ethers:         files
                rpc:            files
                """);
        return out;
    }
}
