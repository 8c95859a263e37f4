package dev.paas.imagefactory.core;

import dev.paas.kernel.api.LaunchSpec;
import dev.paas.kernel.api.RunAs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image config to a launch spec, as {@code docker run} would start it: {@code Entrypoint} then
 * {@code Cmd} (each word quoted so the init passes it unchanged), {@code Env} then the app's own
 * env, {@code WorkingDir} (default {@code /}), {@code User} looked up in the image's
 * {@code /etc/passwd} and {@code /etc/group} (default root), and the lowest exposed TCP port
 * (else the request's port, {@code $PORT}).
 */
public final class OciLaunch {

    /** Docker's PATH when the image sets none. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,6}");

    private OciLaunch() {}

    /**
     * @param userCommand the app's own command (replaces Entrypoint and Cmd, as Cloud Foundry does)
     * @param passwd      the image's {@code /etc/passwd}, if it has one
     * @param group       the image's {@code /etc/group}, if it has one
     * @throws IllegalArgumentException saying what in the image is wrong and what to do
     */
    public static LaunchSpec spec(OciConfig config, Optional<String> userCommand, Map<String, String> appEnv,
                                  int defaultPort, Optional<String> passwd, Optional<String> group) {
        String command = userCommand.orElseGet(() -> {
            List<String> argv = new ArrayList<>(config.entrypoint());
            argv.addAll(config.cmd());
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("the image has neither Entrypoint nor Cmd: give the app a command");
            }
            return quote(argv);
        });
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : config.env()) {
            int eq = e.indexOf('=');
            if (eq > 0 && !e.substring(0, eq).equals("PORT")) {
                env.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        env.putAll(appEnv);
        String dir = config.workingDir().map(OciLaunch::normaliseDir).orElse("/");
        int port = port(config.exposedPorts()).orElse(defaultPort);
        RunAs user = config.user().map(u -> user(u, passwd, group)).orElse(RunAs.ROOT);
        return new LaunchSpec(command, dir, port, LaunchSpec.DEFAULT_GRACE_SECONDS, env, user, Optional.empty());
    }

    /** The lowest exposed TCP port ({@code 8080/tcp} or {@code 8080}); UDP and SCTP ones are ignored. */
    public static Optional<Integer> port(List<String> exposed) {
        return exposed.stream()
                .filter(p -> !p.contains("/") || p.endsWith("/tcp"))
                .map(p -> p.contains("/") ? p.substring(0, p.indexOf('/')) : p)
                .filter(p -> p.matches("[0-9]{1,5}") && Integer.parseInt(p) >= 1 && Integer.parseInt(p) <= 65535)
                .map(Integer::parseInt)
                .sorted()
                .findFirst();
    }

    /** Words joined so that the init's splitter gives them back unchanged (kernel/README.md). */
    public static String quote(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < argv.size(); i++) {
            String w = argv.get(i);
            if (i > 0) {
                b.append(' ');
            }
            boolean plain = !w.isEmpty() && PLAIN.matcher(w).matches() && !(i == 0 && w.contains("="));
            b.append(plain ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }

    /**
     * {@code User}: a name or uid, optionally {@code :group} or {@code :gid}. A name must be in the
     * image's passwd; a uid that is not gets its number as name and {@code /} as home.
     */
    public static RunAs user(String spec, Optional<String> passwd, Optional<String> group) {
        String[] parts = spec.split(":", 2);
        String u = parts[0];
        List<String[]> users = entries(passwd.orElse(""), 7);
        String[] found = null;
        for (String[] p : users) {
            if (NUMBER.matcher(u).matches() ? p[2].equals(u) : p[0].equals(u)) {
                found = p;
                break;
            }
        }
        String name;
        int uid;
        int gid;
        String home;
        if (found != null && NUMBER.matcher(found[2]).matches() && NUMBER.matcher(found[3]).matches()) {
            name = found[0];
            uid = Integer.parseInt(found[2]);
            gid = Integer.parseInt(found[3]);
            home = found[5].startsWith("/") ? found[5] : "/";
        } else if (NUMBER.matcher(u).matches()) {
            name = u;
            uid = Integer.parseInt(u);
            gid = uid;
            home = "/";
        } else {
            throw new IllegalArgumentException("the image's User '" + spec + "' is not in its /etc/passwd"
                    + (passwd.isEmpty() ? " (the image has no /etc/passwd)" : "") + ": add the user to the image or use a uid");
        }
        if (parts.length == 2) {
            String g = parts[1];
            if (NUMBER.matcher(g).matches()) {
                gid = Integer.parseInt(g);
            } else {
                gid = entries(group.orElse(""), 3).stream().filter(e -> e[0].equals(g) && NUMBER.matcher(e[2]).matches())
                        .map(e -> Integer.parseInt(e[2])).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("the image's User '" + spec + "': group '" + g
                                + "' is not in its /etc/group"));
            }
        }
        if (!name.matches("[A-Za-z0-9_.-]{1,32}")) {
            name = Integer.toString(uid);
        }
        return new RunAs(name, uid, gid, normaliseDir(home));
    }

    private static List<String[]> entries(String file, int fields) {
        List<String[]> out = new ArrayList<>();
        for (String line : file.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= fields && !line.startsWith("#")) {
                out.add(f);
            }
        }
        return out;
    }

    private static String normaliseDir(String dir) {
        if (!dir.startsWith("/")) {
            dir = "/" + dir;
        }
        List<String> segs = new ArrayList<>();
        for (String s : dir.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!segs.isEmpty()) {
                    segs.remove(segs.size() - 1);
                }
            } else {
                segs.add(s);
            }
        }
        return "/" + String.join("/", segs);
    }
}
