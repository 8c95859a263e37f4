package dev.paas.imagefactory.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules for names inside an image layer (a tar): a path without {@code ..} segments, taken
 * from the image's root ({@code ./a}, {@code a} and {@code /a} are all {@code /a}: umoci writes
 * {@code /} for the root, and container runtimes resolve names against the root too); whiteouts ({@code .wh.NAME} deletes
 * NAME from the layers below, {@code .wh..wh..opq} empties its directory); and whether a link
 * target stays inside the root.
 */
public final class LayerPaths {

    public static final String WHITEOUT = ".wh.";
    public static final String OPAQUE = ".wh..wh..opq";

    private LayerPaths() {}

    /**
     * @return {@code /a/b} for {@code a/b}, {@code ./a/b/} ...; {@code /} for {@code ./}
     * @throws IllegalArgumentException for a {@code ..} segment or a control character
     */
    public static String normalise(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an entry has an empty name");
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7f) {
                throw new IllegalArgumentException("control character in the name " + name.replaceAll("\\p{Cntrl}", "?"));
            }
        }
        List<String> segs = new ArrayList<>();
        for (String s : name.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                throw new IllegalArgumentException("path with a '..' segment " + name);
            }
            segs.add(s);
        }
        return "/" + String.join("/", segs);
    }

    /** The last segment of an absolute path. */
    public static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The parent of an absolute path ({@code /} for {@code /a}). */
    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    /** {@code /a/b} for {@code /a/.wh.b}; the caller checks {@link #isWhiteout} first. */
    public static String whitedOut(String path) {
        String p = parent(path);
        return (p.equals("/") ? "" : p) + "/" + baseName(path).substring(WHITEOUT.length());
    }

    public static boolean isOpaque(String path) {
        return baseName(path).equals(OPAQUE);
    }

    public static boolean isWhiteout(String path) {
        return baseName(path).startsWith(WHITEOUT) && !isOpaque(path);
    }

    /**
     * Whether a symbolic link at {@code linkPath} with {@code target} stays inside the root when
     * resolved lexically (an absolute target is taken from the image's root, as in a container).
     * {@code ../../etc} from {@code /a/l} leaves it.
     */
    public static boolean symlinkStaysInside(String linkPath, String target) {
        if (target.isEmpty()) {
            return false;
        }
        List<String> segs = new ArrayList<>();
        if (!target.startsWith("/")) {
            for (String s : parent(linkPath).split("/")) {
                if (!s.isEmpty()) {
                    segs.add(s);
                }
            }
        }
        for (String s : target.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (segs.isEmpty()) {
                    return false;
                }
                segs.remove(segs.size() - 1);
            } else {
                segs.add(s);
            }
        }
        return true;
    }
}
