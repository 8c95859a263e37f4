package dev.paas.imagefactory.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which JDK modules go into an app's JRE. jdeps tells for plain apps; for reflection-heavy
 * frameworks (Spring Boot) and when jdeps fails, the {@link #FALLBACK} set applies: what such
 * frameworks load through reflection and service loaders, which static analysis cannot see.
 */
public final class ModuleSets {

    /**
     * The fallback set: logging, management and JMX, naming (JNDI), SQL and XML, desktop
     * ({@code java.beans}), instrumentation, HTTP client and server, security providers (EC for
     * TLS, Kerberos, SASL), zip filesystem, {@code jdk.unsupported} (sun.misc.Unsafe for Netty and
     * friends), JFR.
     */
    public static final Set<String> FALLBACK = Set.copyOf(new TreeSet<>(List.of(
            "java.base", "java.compiler", "java.datatransfer", "java.desktop", "java.instrument",
            "java.logging", "java.management", "java.management.rmi", "java.naming", "java.net.http",
            "java.prefs", "java.rmi", "java.scripting", "java.security.jgss", "java.security.sasl",
            "java.sql", "java.sql.rowset", "java.transaction.xa", "java.xml", "java.xml.crypto",
            "jdk.crypto.ec", "jdk.httpserver", "jdk.jfr", "jdk.management", "jdk.naming.dns",
            "jdk.net", "jdk.unsupported", "jdk.zipfs")));

    /** The env variable whose comma list adds modules to the computed set. */
    public static final String EXTRA_ENV = "PAAS_JAVA_MODULES";

    private ModuleSets() {}

    /** jdeps' {@code --print-module-deps} output (comma-separated) plus java.base, sorted. */
    public static TreeSet<String> parseJdeps(String output) {
        TreeSet<String> set = new TreeSet<>();
        set.add("java.base");
        for (String line : output.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("Warning") || l.contains(" ")) {
                continue;
            }
            Arrays.stream(l.split(",")).map(String::strip).filter(ModuleSets::isModuleName).forEach(set::add);
        }
        return set;
    }

    /** Adds {@code PAAS_JAVA_MODULES} entries; refuses names that are not module names. */
    public static TreeSet<String> withExtra(Set<String> modules, String extra) {
        TreeSet<String> set = new TreeSet<>(modules);
        if (extra == null || extra.isBlank()) {
            return set;
        }
        for (String m : extra.split(",")) {
            String name = m.strip();
            if (!isModuleName(name)) {
                throw new IllegalArgumentException(EXTRA_ENV + ": '" + name + "' is not a module name");
            }
            set.add(name);
        }
        return set;
    }

    public static boolean isModuleName(String s) {
        return s.matches("[a-zA-Z][a-zA-Z0-9_]*(\\.[a-zA-Z][a-zA-Z0-9_]*)*");
    }

    /**
     * The JRE cache key: the sorted module set, the JDK's version and the jlink options, so a new
     * JDK or other options never reuse an old JRE.
     */
    public static String cacheKey(Set<String> modules, String jdkVersion, List<String> jlinkOptions) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.join(",", new TreeSet<>(modules)).getBytes(StandardCharsets.UTF_8));
            sha.update(("\n" + jdkVersion + "\n" + String.join(" ", jlinkOptions)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
