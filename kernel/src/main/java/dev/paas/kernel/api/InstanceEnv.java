package dev.paas.kernel.api;

import dev.paas.kernel.core.LaunchSpecText;
import dev.paas.kernel.infra.Initramfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One instance's environment, given to the guest at launch rather than baked into its image:
 * the image's launch spec holds the runtime's env only, so the same bits give the same image
 * whatever the app's settings. The node agent appends {@link #cpio()} (one file,
 * {@value #PATH_IN_INITRAMFS}, mode 0400) to a copy of the image's initramfs: Linux unpacks
 * concatenated archives in order, and the init reads the file before it starts the app (a NAME
 * the launch spec set is replaced), then deletes it. Format: {@code env NAME=VALUE} lines with
 * the launch spec's escapes ({@code kernel/README.md}, "Instance env").
 *
 * <p>Values may be secrets: {@link #toString()} names the variables only.
 */
public record InstanceEnv(Map<String, String> env) {

    public static final String PATH_IN_INITRAMFS = "/paas/env";
    /** The init reads at most 64 KiB; leave room. */
    public static final int MAX_RENDERED_BYTES = 60 * 1024;
    /** The init holds 512 entries, the image's and the instance's together. */
    public static final int MAX_ENV = 256;
    public static final InstanceEnv EMPTY = new InstanceEnv(Map.of());

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** @throws IllegalArgumentException naming the variable and what to fix */
    public InstanceEnv {
        if (env == null) {
            throw new IllegalArgumentException("env must not be null (use InstanceEnv.EMPTY)");
        }
        if (env.size() > MAX_ENV) {
            throw new IllegalArgumentException("at most " + MAX_ENV + " env entries, got: " + env.size());
        }
        Map<String, String> copy = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("env name must match [A-Za-z_][A-Za-z0-9_]*, got: " + name);
            }
            if (name.equals("PORT")) {
                throw new IllegalArgumentException("env must not set PORT: the init sets it from the launch spec's port");
            }
            if (value == null) {
                throw new IllegalArgumentException("env " + name + " must not be null");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || Character.isSurrogate(c)
                        && !(Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(++i)))) {
                    throw new IllegalArgumentException("env " + name + " must not contain control characters or lone surrogates");
                }
            }
            copy.put(name, value);
        });
        env = Collections.unmodifiableMap(copy);
        int size = render(env).getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_RENDERED_BYTES) {
            throw new IllegalArgumentException("the instance env is " + size + " bytes; at most " + MAX_RENDERED_BYTES + " are allowed");
        }
    }

    /** The text of {@value #PATH_IN_INITRAMFS}: one {@code env NAME=VALUE} line per entry, in order. */
    public String render() {
        return render(env);
    }

    /** A cpio newc archive holding only {@value #PATH_IN_INITRAMFS}, readable by root alone. */
    public byte[] cpio() {
        return new Initramfs().file(PATH_IN_INITRAMFS, render().getBytes(StandardCharsets.UTF_8), 0400).toBytes();
    }

    /**
     * Writes {@code target}: the image's initramfs, zero padding to a 4-byte boundary, then
     * {@link #cpio()}. Created 0600 (it holds the values); replaced atomically.
     */
    public void writeInitramfs(Path imageInitramfs, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".env-initramfs-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel in = FileChannel.open(imageInitramfs, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                long n = in.size();
                for (long done = 0; done < n; ) {
                    done += in.transferTo(done, n - done, out);  // in the kernel (copy_file_range/sendfile)
                }
                byte[] archive = cpio();
                ByteBuffer tail = ByteBuffer.allocate((int) ((4 - n % 4) % 4) + archive.length);  // zeros, then the archive
                tail.position(tail.capacity() - archive.length);
                tail.put(archive).flip();
                while (tail.hasRemaining()) {
                    out.write(tail);
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return "InstanceEnv" + env.keySet();
    }

    private static String render(Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        env.forEach((name, value) -> out.append("env ").append(name).append('=').append(LaunchSpecText.escape(value)).append('\n'));
        return out.toString();
    }
}
