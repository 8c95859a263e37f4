package dev.paas.kernel.api;

import java.util.regex.Pattern;

/**
 * The user the init runs the app as: it makes {@code home} (and the app's dir) the user's, drops
 * root (supplementary groups, gid, uid) before {@code execve}, and sets {@code HOME}, {@code USER}
 * and {@code LOGNAME} unless the app's env sets them. Written as the launch spec's
 * {@code user NAME:UID:GID:HOME} line. The image's {@code /etc/passwd} should name the same user so
 * that programs that look themselves up ({@code getpwuid}) find it.
 *
 * @param name login name, {@code [A-Za-z0-9_.-]+}
 * @param uid  0-999999
 * @param gid  0-999999
 * @param home absolute path, no {@code :}
 */
public record RunAs(String name, int uid, int gid, String home) {

    // Before the constants: they are checked by the constructor.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    /** root: no privileges dropped (what a spec without a {@code user} line means). */
    public static final RunAs ROOT = new RunAs("root", 0, 0, "/root");
    /** Cloud Foundry's unprivileged app user, the default for every image. */
    public static final RunAs VCAP = new RunAs("vcap", 2000, 2000, "/home/vcap");

    public RunAs {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name must match [A-Za-z0-9_.-]{1,32}, got: " + name);
        }
        if (uid < 0 || uid > 999_999 || gid < 0 || gid > 999_999) {
            throw new IllegalArgumentException("user uid and gid must be 0-999999, got: " + uid + ":" + gid);
        }
        if (home == null || !home.startsWith("/") || home.contains(":") || home.contains("\n")
                || home.contains("\t") || ("/" + home + "/").contains("/../")) {
            throw new IllegalArgumentException("user home must be an absolute path without ':' or '..', got: " + home);
        }
    }

    /** The launch spec's value: {@code NAME:UID:GID:HOME}. */
    public String render() {
        return name + ":" + uid + ":" + gid + ":" + home;
    }

    /** Reads {@link #render()} back. */
    public static RunAs parse(String value) {
        String[] f = value.split(":", -1);
        if (f.length != 4 || !f[1].matches("[0-9]{1,6}") || !f[2].matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException("user must be NAME:UID:GID:HOME, got: " + value);
        }
        return new RunAs(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3]);
    }
}
