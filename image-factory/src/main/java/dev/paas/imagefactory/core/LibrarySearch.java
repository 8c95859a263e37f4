package dev.paas.imagefactory.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The dynamic loader's search order (ld.so(8)) for one {@code DT_NEEDED} name, as candidate
 * paths to try in order: a name with a slash is used as it is; otherwise {@code DT_RPATH} of the
 * object (only when it has no {@code DT_RUNPATH}), {@code DT_RUNPATH}, the directories of
 * {@code /etc/ld.so.conf} (what {@code ld.so.cache} is built from), then the loader's built-in
 * directories. {@code $ORIGIN} (also {@code ${ORIGIN}}) expands to the object's directory;
 * {@code $LIB} to {@code lib64} ... as glibc does on x86-64.
 */
public final class LibrarySearch {

    /**
     * glibc's system search path on Debian x86-64 ({@code ld.so --help} lists it), searched after the cache.
     * These are the loader's own built-in list, not a list of libraries.
     */
    public static final List<String> DEFAULT_DIRS = List.of(
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib", "/usr/lib");

    private LibrarySearch() {}

    /**
     * @param object    the object that needs {@code name}
     * @param objectDir absolute directory of that object ({@code $ORIGIN})
     * @param confDirs  the directories listed by {@code /etc/ld.so.conf} and its includes
     */
    public static List<String> candidates(ElfInfo object, String objectDir, List<String> confDirs, String name) {
        if (name.contains("/")) {
            return List.of(name.startsWith("/") ? name : objectDir + "/" + name);
        }
        Set<String> dirs = new LinkedHashSet<>();
        if (object.runpath().isEmpty()) {
            object.rpath().forEach(d -> dirs.add(expand(d, objectDir)));
        }
        object.runpath().forEach(d -> dirs.add(expand(d, objectDir)));
        dirs.addAll(confDirs);
        dirs.addAll(DEFAULT_DIRS);
        List<String> out = new ArrayList<>();
        for (String d : dirs) {
            out.add(normalise(d) + "/" + name);
        }
        return out;
    }

    /** Expands {@code $ORIGIN}, {@code ${ORIGIN}}, {@code $LIB}, {@code $PLATFORM}. */
    public static String expand(String dir, String origin) {
        return dir.replace("${ORIGIN}", origin).replace("$ORIGIN", origin)
                .replace("${LIB}", "lib64").replace("$LIB", "lib64")
                .replace("${PLATFORM}", "x86_64").replace("$PLATFORM", "x86_64");
    }

    /** Collapses {@code .}, {@code ..} and repeated slashes of an absolute path, lexically. */
    public static String normalise(String path) {
        List<String> parts = new ArrayList<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(seg);
            }
        }
        return "/" + String.join("/", parts);
    }

    /**
     * Parses {@code ld.so.conf} text: directory lines, and {@code include PATTERN} lines (glob,
     * relative to {@code /etc}), comments after {@code #}.
     *
     * @return entries in order; includes as {@code include:PATTERN}
     */
    public static List<String> parseLdSoConf(String text) {
        List<String> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("hwcap ")) {
                continue;
            }
            if (line.startsWith("include ") || line.startsWith("include\t")) {
                for (String pattern : line.substring(8).strip().split("\\s+")) {
                    out.add("include:" + (pattern.startsWith("/") ? pattern : "/etc/" + pattern));
                }
            } else {
                for (String dir : line.split("[\\s:,=]+")) {
                    if (dir.startsWith("/")) {
                        out.add(normalise(dir));
                    }
                }
            }
        }
        return out;
    }
}
