package dev.paas.kernel.api;

import dev.paas.kernel.core.LaunchSpecText;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the guest init starts: the app's command line, its working directory, the port it must
 * listen on, the grace period between SIGTERM and SIGKILL, and its environment (in order).
 *
 * <p>The image factory builds one with {@link #of} and writes {@link #render()} to
 * {@value #PATH_IN_INITRAMFS} in the initramfs; the init reads that file at boot. The text format
 * is documented in {@code kernel/README.md} ("Launch spec"). Instances are always valid: the
 * canonical constructor checks every field and copies the environment.
 *
 * @param command      one string; without a {@code shell} the init splits it into words (quotes
 *                     honoured, {@code $VAR} and {@code ${VAR}} expanded) and refuses pipes,
 *                     redirections, {@code ;}, {@code &&}, backticks and {@code $(...)}; with one it
 *                     runs {@code shell -c command}
 * @param dir          absolute working directory of the app
 * @param port         the port the app must listen on; the init exports it as {@code PORT}
 * @param graceSeconds seconds between SIGTERM and SIGKILL on a stop request
 * @param env          environment variables in the order they are set ({@code PATH} included)
 * @param user         who the app runs as ({@link RunAs#VCAP} unless the image says otherwise)
 * @param shell        absolute path of a POSIX shell in the image that runs the command, or empty
 */
public record LaunchSpec(String command, String dir, int port, int graceSeconds, Map<String, String> env,
                         RunAs user, Optional<String> shell) {

    /** Where the init looks for the launch spec inside the initramfs. */
    public static final String PATH_IN_INITRAMFS = "/paas/launch";
    /** Where the init binary goes inside the initramfs (the kernel runs {@code /init}). */
    public static final String INIT_PATH_IN_INITRAMFS = "/init";
    /**
     * Marker in the initramfs of an image whose files are on a read-only root disk (erofs, virtio-blk
     * serial {@link QemuCommand#ROOT_DISK_SERIAL}): the init mounts that disk under the overlay root
     * (kernel/README.md, "Large images: the root on a disk"). Its content is the file system type.
     */
    public static final String ROOT_DISK_MARKER = "/paas/rootdisk";
    public static final String DEFAULT_DIR = "/app";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_GRACE_SECONDS = 10;
    /** Longest grace period we accept; a stop must finish in bounded time. */
    public static final int MAX_GRACE_SECONDS = 600;
    /** Bounds the spec so the init can read it into a fixed buffer (the init allows 64 KiB). */
    public static final int MAX_RENDERED_BYTES = 60 * 1024;
    /** Environment entries the init accepts. */
    public static final int MAX_ENV = 256;

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public LaunchSpec {
        command = requireText("command", command);
        if (command.isBlank()) {
            throw new IllegalArgumentException("command must not be blank");
        }
        dir = requireText("dir", dir);
        if (!dir.startsWith("/") || dir.contains("\n") || dir.contains("\t")
                || ("/" + dir + "/").contains("/../") || ("/" + dir + "/").contains("/./")) {
            throw new IllegalArgumentException(
                    "dir must be an absolute path without '.' or '..' segments, got: " + dir);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got: " + port);
        }
        if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
            throw new IllegalArgumentException(
                    "grace must be between 0 and " + MAX_GRACE_SECONDS + " seconds, got: " + graceSeconds);
        }
        if (env == null) {
            throw new IllegalArgumentException("env must not be null (use an empty map)");
        }
        if (env.size() > MAX_ENV) {
            throw new IllegalArgumentException("at most " + MAX_ENV + " env entries, got: " + env.size());
        }
        Map<String, String> copy = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name == null || !ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "env name must match [A-Za-z_][A-Za-z0-9_]*, got: " + name);
            }
            if (name.equals("PORT")) {
                throw new IllegalArgumentException("env must not set PORT: the init sets it from port");
            }
            copy.put(name, requireText("env " + name, value));
        });
        env = Collections.unmodifiableMap(copy);
        if (user == null) {
            throw new IllegalArgumentException("user must not be null (RunAs.ROOT runs the app as root)");
        }
        if (shell == null) {
            throw new IllegalArgumentException("shell must not be null (use Optional.empty())");
        }
        shell.ifPresent(s -> {
            if (!s.startsWith("/") || s.contains("\n") || s.contains("\t") || s.contains("/../")) {
                throw new IllegalArgumentException("shell must be an absolute path, got: " + s);
            }
        });
        int size = LaunchSpecText.render(command, dir, port, graceSeconds, env, user.render(), shell)
                .getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_RENDERED_BYTES) {
            throw new IllegalArgumentException(
                    "launch spec is " + size + " bytes; at most " + MAX_RENDERED_BYTES + " are allowed");
        }
    }

    /**
     * The validating factory the image factory calls.
     *
     * @throws IllegalArgumentException naming the field and what to fix
     */
    public static LaunchSpec of(String command, String dir, int port, int graceSeconds, Map<String, String> env) {
        return new LaunchSpec(command, dir, port, graceSeconds, env, RunAs.VCAP, Optional.empty());
    }

    /**
     * A spec with the defaults: dir {@value #DEFAULT_DIR}, port {@value #DEFAULT_PORT}, grace 10 s, no env,
     * user vcap, no shell.
     */
    public static LaunchSpec of(String command) {
        return of(command, DEFAULT_DIR, DEFAULT_PORT, DEFAULT_GRACE_SECONDS, Map.of());
    }

    /**
     * Reads the text format back (the inverse of {@link #render()}), with the init's defaults for
     * missing directives.
     *
     * @throws IllegalArgumentException naming the line that is wrong
     */
    public static LaunchSpec parse(String text) {
        LaunchSpecText.Parsed p = LaunchSpecText.parse(text);
        return new LaunchSpec(p.command(), p.dir().orElse(DEFAULT_DIR), p.port().orElse(DEFAULT_PORT),
                p.grace().orElse(DEFAULT_GRACE_SECONDS), p.env(), p.user().map(RunAs::parse).orElse(RunAs.ROOT),
                p.shell());
    }

    /** Copy with another environment, e.g. after adding the runtime's PATH. */
    public LaunchSpec withEnv(Map<String, String> newEnv) {
        return new LaunchSpec(command, dir, port, graceSeconds, newEnv, user, shell);
    }

    /** Copy run by another user ({@link RunAs#ROOT}: as root). */
    public LaunchSpec withUser(RunAs newUser) {
        return new LaunchSpec(command, dir, port, graceSeconds, env, newUser, shell);
    }

    /** Copy whose command runs as {@code shell -c command} (the image must hold that shell). */
    public LaunchSpec withShell(String shellPath) {
        return new LaunchSpec(command, dir, port, graceSeconds, env, user, Optional.of(shellPath));
    }

    /**
     * The file the init reads: UTF-8, one {@code KEY VALUE} line per directive in the order
     * command, dir, port, grace, user, shell (when there is one), env..., each line ending in {@code \n}. Same spec, same bytes.
     */
    public String render() {
        return LaunchSpecText.render(command, dir, port, graceSeconds, env, user.render(), shell);
    }

    private static String requireText(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException(
                        field + " must not contain control characters (found U+"
                                + String.format("%04X", (int) c) + ")");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;  // a valid pair
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(field + " is not valid UTF-16 text (lone surrogate)");
            }
        }
        return value;
    }
}
