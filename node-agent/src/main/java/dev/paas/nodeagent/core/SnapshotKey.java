package dev.paas.nodeagent.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a snapshot clone must share with the instance it was taken from, so that restoring it is
 * the same as booting it: the image (kernel, initramfs, launch spec), guest memory and disk size,
 * accelerator, QEMU's version (migration streams are only promised between equal versions here),
 * the kernel command line the node boots with, the data path, the device recipe, and the app's
 * env without what differs per instance (a revision with a new env on the same image must not
 * start from a guest whose app already read the old one). {@link #id()} names the snapshot.
 *
 * @param imageDigest the image's digest (covers kernel, initramfs and launch spec)
 * @param memoryMib   guest memory
 * @param diskMib     the writable disk's size (the disk's contents travel with the snapshot)
 * @param accelerator {@code TCG} or {@code KVM}
 * @param qemuVersion the first line of {@code qemu-system-x86_64 --version}
 * @param kernel      the kernel command line this node boots the image with (its accelerator tuning included)
 * @param network     the data path, {@code netns} or {@code user}
 * @param envDigest   {@link #envDigest}: the app's env without per-instance values
 */
public record SnapshotKey(String imageDigest, int memoryMib, int diskMib, String accelerator, String qemuVersion,
                          String kernel, String network, String envDigest) {

    /**
     * The device recipe's version: bump it whenever QEMU's devices or their order change (a
     * migration stream only loads into the same devices). 1: virtio-serial, net, balloon, rng, blk.
     */
    public static final int RECIPE = 1;

    private static final Pattern INSTANCE_FIELDS = Pattern.compile(
            "\"instance_(id|index)\"\\s*:\\s*(\"[^\"]*\"|-?[0-9]+|null)");

    public SnapshotKey {
        Objects.requireNonNull(imageDigest, "imageDigest");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(qemuVersion, "qemuVersion");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(envDigest, "envDigest");
    }

    /** Every part, one {@code name=value} per line: what {@link #id()} hashes, and what the snapshot's JSON records. */
    public String describe() {
        return "recipe=" + RECIPE + "\nimage=" + imageDigest + "\nmemoryMib=" + memoryMib + "\ndiskMib=" + diskMib
                + "\naccelerator=" + accelerator + "\nqemu=" + qemuVersion + "\nkernel=" + kernel
                + "\nnetwork=" + network + "\nenv=" + envDigest + "\n";
    }

    /**
     * {@link #describe()} read back: each part by name ({@code recipe}, {@code image},
     * {@code memoryMib}, ...); a line without '=' is skipped, the first '=' splits (a kernel line
     * holds more). Empty for null.
     */
    public static Map<String, String> parts(String described) {
        Map<String, String> out = new TreeMap<>();
        if (described == null) {
            return out;
        }
        for (String line : described.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    /** 24 hex digits of SHA-256 of {@link #describe()}: the snapshot's name on disk and in CELL lines. */
    public String id() {
        return sha256(describe()).substring(0, 24);
    }

    /** Whether {@code text} could be an {@link #id()} (before it names a path). */
    public static boolean isId(String text) {
        return text != null && text.matches("[0-9a-f]{24}");
    }

    /**
     * SHA-256 of the env as a clone would see it: every variable but the per-instance ones
     * ({@code CF_INSTANCE_*}, {@code PAAS_INSTANCE_*}), with {@code VCAP_APPLICATION}'s
     * {@code instance_id} and {@code instance_index} left out. Those come to a clone through
     * {@code /paas/instance.json} instead (a process's env cannot change once it runs).
     */
    public static String envDigest(Map<String, String> env) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(env == null ? Map.<String, String>of() : env).forEach((k, v) -> {
            if (perInstance(k)) {
                return;
            }
            String value = k.equals("VCAP_APPLICATION") && v != null ? INSTANCE_FIELDS.matcher(v).replaceAll("") : v;
            b.append(k).append('\0').append(value).append('\0');
        });
        return sha256(b.toString());
    }

    /** A variable whose value differs between instances of one revision. */
    public static boolean perInstance(String name) {
        return name.startsWith("CF_INSTANCE_") || name.startsWith("PAAS_INSTANCE_");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
