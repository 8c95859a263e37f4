package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** jdeps' module-list cache, keyed by class references, in a cache directory of the test's own. */
class JreBuilderTest {

    @TempDir
    Path tmp;

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
