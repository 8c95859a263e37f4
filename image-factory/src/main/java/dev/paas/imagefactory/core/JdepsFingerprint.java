package dev.paas.imagefactory.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code jdeps --print-module-deps} can see of an app, reduced to what its answer depends on:
 * the packages its class files refer to ({@link ClassReferences}), the packages it defines, the
 * multi-release versions it takes classes from, and the bytes of any {@code module-info.class}.
 * Infra feeds it the class files jdeps would read (for a JAR: {@code JarFile.versionedStream()} at
 * jdeps' {@code --multi-release}; for a directory: every {@code .class} file under it).
 *
 * <p><b>Why two apps with the same fingerprint get the same module list</b> (on the same JDK, with
 * the same jdeps options, which the caller adds to the key). jdeps collects, from the places
 * {@link ClassReferences} reads, each class every class file refers to, and maps it to a module by
 * its <em>package</em>: a package of the JDK belongs to exactly one module, and a reference into it
 * counts for that module (if the JDK has the class), whatever the app itself defines; references to
 * the app's own classes or to missing ones ({@code --ignore-missing-deps}) count for no JDK module.
 * The module list is that set of modules, reduced by the JDK's module graph. So it is a function of
 * the set of referenced packages (given the JDK), and a code change that refers to the same packages
 * gets the same answer without running jdeps. Defined packages and versions are not needed for that
 * argument; they are kept because they cost nothing and make the key strictly finer. A
 * {@code module-info.class} makes jdeps analyse the app as a named module, whose {@code requires}
 * count as well: its bytes are kept whole.
 *
 * <p>One assumption: a referenced class in a JDK package exists in this JDK (jdeps counts a missing
 * one for no module). It holds for code compiled against this JDK release or an older one, save a
 * class removed since from a package that remains; code compiled for a newer release does not run
 * here anyway.
 *
 * <p>Not thread-safe; one instance per app.
 */
public final class JdepsFingerprint {

    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/([0-9]{1,9})/.*");

    private final TreeSet<String> referenced = new TreeSet<>();
    private final TreeSet<String> defined = new TreeSet<>();
    private final TreeSet<Integer> versions = new TreeSet<>();
    private final TreeSet<String> moduleInfos = new TreeSet<>();
    private int classFiles;
    private String unreadable;

    /**
     * @param path      where jdeps finds the file: its entry name ({@code com/example/Hello.class},
     *                  {@code META-INF/versions/11/com/example/Hello.class}) or its path relative to
     *                  the directory, {@code /}-separated
     * @param classFile the file's bytes
     */
    public void add(String path, byte[] classFile) {
        if (unreadable != null) {
            return;
        }
        ClassReferences refs;
        try {
            refs = ClassReferences.parse(classFile);
        } catch (IllegalArgumentException e) {
            unreadable = path + ": " + e.getMessage();
            return;
        }
        classFiles++;
        defined.add(ClassReferences.packageOf(refs.name()));
        refs.classes().forEach(c -> referenced.add(ClassReferences.packageOf(c)));
        Matcher m = VERSIONED.matcher(path);
        if (m.matches()) {
            versions.add(Integer.parseInt(m.group(1)));
        }
        if (path.endsWith("module-info.class")) {
            moduleInfos.add(HexFormat.of().formatHex(classFile));
        }
    }

    /**
     * One line per element, sorted: {@code refers <package>}, {@code defines <package>},
     * {@code version <n>}, {@code module-info <hex>} (the unnamed package is the empty string).
     * Empty when a class file could not be parsed: then only running jdeps can tell.
     */
    public Optional<String> value() {
        if (unreadable != null) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder();
        referenced.forEach(p -> b.append("refers ").append(p).append('\n'));
        defined.forEach(p -> b.append("defines ").append(p).append('\n'));
        versions.forEach(v -> b.append("version ").append(v).append('\n'));
        moduleInfos.forEach(h -> b.append("module-info ").append(h).append('\n'));
        return Optional.of(b.toString());
    }

    /**
     * The jdeps cache key: the fingerprint with the JDK's version and the jdeps options (as
     * {@link ModuleSets#cacheKey} keys JREs), so a new JDK or other options never reuse an old
     * answer. Empty when a class file was unreadable.
     */
    public Optional<String> cacheKey(String jdkVersion, List<String> jdepsOptions) {
        return value().map(v -> {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                        (v + "\n" + jdkVersion + "\n" + String.join(" ", jdepsOptions)).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest).substring(0, 32);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The first class file that could not be parsed, and why. */
    public Optional<String> unreadable() {
        return Optional.ofNullable(unreadable);
    }

    /** How many class files were added and parsed. */
    public int classFiles() {
        return classFiles;
    }
}
