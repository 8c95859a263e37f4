package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.Samples;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jdeps' module-list cache, keyed by class references, and what jlink writes into an empty JRE
 * cache; each in a cache directory of the test's own.
 */
class JreBuilderTest {

    @TempDir
    Path tmp;

    /** What {@code --generate-cds-archive} adds to a JRE and stays (the no-compressed-oops one is deleted). */
    private static final Set<String> CDS_ARCHIVES = Set.of("lib/server/classes.jsa");

    private final List<String> lines = new ArrayList<>();

    private JreBuilder jres() {
        return new JreBuilder(tmp.resolve("cache"), Path.of(System.getProperty("java.home")), lines::add);
    }

    /** The hello server's shape with {@code body} in main; each version a different JAR. */
    private Path jar(String name, String body) throws Exception {
        Path classes = Samples.compile(tmp.resolve(name), Map.of("app/Main.java", """
                package app;
                import com.sun.net.httpserver.HttpServer;
                import java.net.InetSocketAddress;
                public class Main {
                    public static void main(String[] args) throws Exception {
                        HttpServer s = HttpServer.create(new InetSocketAddress(8080), 0);
                        %s
                        s.start();
                    }
                }
                """.formatted(body)));
        return Samples.jar(tmp.resolve(name + ".jar"), "Manifest-Version: 1.0\nMain-Class: app.Main\n",
                Samples.files(classes));
    }

    @Test
    void aDifferentJarWithTheSameReferencesReusesTheModuleList() throws Exception {
        Path v1 = jar("v1", "s.createContext(\"/\", x -> { x.sendResponseHeaders(200, -1); x.close(); });");
        Path v2 = jar("v2", "s.createContext(\"/hi\", x -> { x.sendResponseHeaders(204, -1); x.getResponseBody().close(); });");
        Path v3 = jar("v3", "java.sql.DriverManager.getLoginTimeout();");
        assertThat(Files.readAllBytes(v2)).isNotEqualTo(Files.readAllBytes(v1));

        assertThat(jres().jdeps(v1)).hasValueSatisfying(m -> assertThat(m).containsExactly("java.base", "jdk.httpserver"));
        assertThat(lines).last().asString().startsWith("       jdeps: java.base,jdk.httpserver (");

        assertThat(jres().jdeps(v2)).hasValueSatisfying(m -> assertThat(m).containsExactly("java.base", "jdk.httpserver"));
        assertThat(lines).last().isEqualTo("       jdeps (cached, same class references): java.base,jdk.httpserver");

        assertThat(jres().jdeps(v3)).hasValueSatisfying(m -> assertThat(m).contains("java.sql", "jdk.httpserver"));
        assertThat(lines).last().asString().startsWith("       jdeps: java.base,java.sql,jdk.httpserver (");
        assertThat(cacheEntries()).hasSize(2);
    }

    @Test
    void anExplodedJarIsCachedToo() throws Exception {
        Path dir = Samples.compile(tmp.resolve("d"), Map.of("app/Main.java",
                "package app; public class Main { java.util.logging.Logger log; }"));
        assertThat(jres().jdeps(dir)).hasValueSatisfying(m -> assertThat(m).containsExactly("java.base", "java.logging"));
        assertThat(jres().jdeps(dir)).hasValueSatisfying(m -> assertThat(m).containsExactly("java.base", "java.logging"));
        assertThat(lines).last().isEqualTo("       jdeps (cached, same class references): java.base,java.logging");
    }

    @Test
    void anUnreadableClassFileRunsJdepsAndCachesNothing() throws Exception {
        jar("v1", "");
        Map<String, byte[]> entries = new TreeMap<>(Samples.files(tmp.resolve("v1/classes")));
        entries.put("app/Broken.class", Arrays.copyOf(entries.get("app/Main.class"), 100));
        Path broken = Samples.jar(tmp.resolve("broken.jar"), "Manifest-Version: 1.0\nMain-Class: app.Main\n", entries);

        for (int i = 0; i < 2; i++) {
            lines.clear();
            jres().jdeps(broken);
            assertThat(lines).first().asString().startsWith("       class file unreadable (app/Broken.class: ")
                    .endsWith("): running jdeps uncached");
            assertThat(lines).last().asString().startsWith("       jdeps: java.base,jdk.httpserver (");
        }
        assertThat(cacheEntries()).isEmpty();
    }

    /**
     * jlink twice, each into an empty cache: the two JREs are the same file for file (bytes and
     * execute bits) and, inside {@code lib/modules}, resource for resource, with two exceptions
     * that make a Java image's digest stable only while its JRE stays cached:
     * <ul>
     * <li>the class-data archives of {@code --generate-cds-archive}: JDK 17's {@code -Xshare:dump}
     *     is not deterministic (JDK-8253495, fixed in 19); two dumps of the same JRE, even into the
     *     same path, differ in some 14,000 of classes.jsa's 11 MB;</li>
     * <li>the {@code java.lang.invoke} classes jlink generates ({@code BoundMethodHandle$Species_*},
     *     {@code *$Holder}): with {@code --generate-cds-archive}, every jlink but the first in a JVM
     *     gives them a SourceFile attribute (JDK 17.0.15; the command-line jlink is always a first).</li>
     * </ul>
     * Two cold jlinks take 30-50 s here, hence the tag: {@code -DexcludedGroups=slow} skips it.
     */
    @Test
    @Tag("slow")
    void twoColdJlinksGiveTheSameJreButForCdsAndGeneratedInvokeClasses() throws Exception {
        Set<String> modules = Set.of("java.base", "jdk.httpserver");
        Path jdk = Path.of(System.getProperty("java.home"));
        Map<String, String> a = tree(new JreBuilder(tmp.resolve("a"), jdk, lines::add).jre(modules));
        Map<String, String> b = tree(new JreBuilder(tmp.resolve("b"), jdk, lines::add).jre(modules));
        assertThat(lines).filteredOn(l -> l.startsWith("       jlink done in")).as("two cold jlinks").hasSize(2);
        assertThat(a).containsKeys(CDS_ARCHIVES.toArray(String[]::new)).doesNotContainKey(JreBuilder.NOCOOPS_ARCHIVE)
                .containsKeys("lib/modules!/java.base/java/lang/Object.class",
                        "lib/modules!/jdk.httpserver/com/sun/net/httpserver/HttpServer.class")
                .as("the JRE's own modules, not the JDK's").doesNotContainKey("lib/modules!/java.sql/java/sql/Driver.class");
        assertThat(b.keySet()).isEqualTo(a.keySet());
        assertThat(a.keySet().stream().filter(f -> !a.get(f).equals(b.get(f))))
                .as("files that differ between the two JREs")
                .allMatch(f -> CDS_ARCHIVES.contains(f) || generatedInvokeClass(f));
    }

    private static boolean generatedInvokeClass(String file) {
        return file.startsWith("lib/modules!/java.base/java/lang/invoke/")
                && (file.contains("$Species_") || file.endsWith("$Holder.class"));
    }

    /**
     * Every file under a JRE by relative path (its kind, execute bit and sha256, or its link
     * target), and every resource of its {@code lib/modules} as {@code lib/modules!/<module>/<path>}.
     */
    private static Map<String, String> tree(Path jre) throws Exception {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(jre)) {
            for (Path p : walk.filter(p -> !p.equals(jre)).toList()) {
                String what;
                if (Files.isSymbolicLink(p)) {
                    what = "link " + Files.readSymbolicLink(p);
                } else if (Files.isDirectory(p)) {
                    what = "dir";
                } else {
                    what = (Files.isExecutable(p) ? "exe " : "file ") + FileImageStore.sha256(p);
                }
                tree.put(jre.relativize(p).toString(), what);
            }
        }
        tree.remove("lib/modules");
        try (FileSystem jrt = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", jre.toString()));
             Stream<Path> walk = Files.walk(jrt.getPath("/modules"))) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                tree.put("lib/modules!" + p.toString().substring("/modules".length()),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return tree;
    }

    private List<Path> cacheEntries() throws Exception {
        Path dir = tmp.resolve("cache/jdeps");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }
}
