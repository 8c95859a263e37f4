package dev.paas.imagefactory.core;

import dev.paas.imagefactory.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Fingerprints of classes compiled here: what changes them and what does not. */
class JdepsFingerprintTest {

    @TempDir
    Path tmp;

    static final String SERVER = """
            package app;
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            public class Server {
                public static void main(String[] args) throws Exception {
                    HttpServer s = HttpServer.create(new InetSocketAddress(%s), 0);
                    s.createContext("/", x -> { x.sendResponseHeaders(200, -1); x.close(); });
                    s.start();%s
                }
            }
            """;

    /** The server with a port and extra statements; other classes in {@code app} stay. */
    static String server(String port, String extra) {
        return SERVER.formatted(port, extra);
    }

    private Map<String, byte[]> compile(String name, String source) throws Exception {
        return Samples.files(Samples.compile(tmp.resolve(name), Map.of("app/Server.java", source)));
    }

    private static JdepsFingerprint fingerprint(Map<String, byte[]> classFiles) {
        JdepsFingerprint fp = new JdepsFingerprint();
        classFiles.forEach(fp::add);
        return fp;
    }

    @Test
    void aChangedBodyWithTheSameReferencesKeepsIt() throws Exception {
        Map<String, byte[]> v1 = compile("v1", server("8080", ""));
        Map<String, byte[]> v2 = compile("v2", server("Integer.parseInt(\"9090\")",
                "\n        s.createContext(\"/health\", x -> { x.sendResponseHeaders(204, -1); x.close(); });"));
        assertThat(Arrays.equals(v1.get("app/Server.class"), v2.get("app/Server.class"))).as("different code").isFalse();

        String f1 = fingerprint(v1).value().orElseThrow();
        assertThat(fingerprint(v2).value()).contains(f1);
        assertThat(f1).contains("refers com/sun/net/httpserver\n", "refers java/net\n", "defines app\n")
                .doesNotContain("java/sql");
        assertThat(fingerprint(v1).classFiles()).isEqualTo(1);
    }

    @Test
    void aNewReferenceChangesIt() throws Exception {
        String f1 = fingerprint(compile("v1", server("8080", ""))).value().orElseThrow();
        String f3 = fingerprint(compile("v3", server("8080",
                "\n        java.sql.Connection c = java.sql.DriverManager.getConnection(\"jdbc:x:\");")))
                .value().orElseThrow();
        assertThat(f3).isNotEqualTo(f1).contains("refers java/sql\n");
    }

    @Test
    void anUnreadableClassFileMakesItUnavailable() throws Exception {
        Map<String, byte[]> v1 = compile("v1", server("8080", ""));
        byte[] server = v1.get("app/Server.class");
        JdepsFingerprint fp = fingerprint(v1);
        fp.add("app/Cut.class", Arrays.copyOf(server, server.length / 2));
        fp.add("app/Later.class", server);
        assertThat(fp.value()).isEmpty();
        assertThat(fp.unreadable()).hasValueSatisfying(u -> assertThat(u).startsWith("app/Cut.class: "));

        JdepsFingerprint garbage = new JdepsFingerprint();
        garbage.add("Garbage.class", "just text".getBytes());
        assertThat(garbage.value()).isEmpty();
    }

    @Test
    void versionsAndModuleInfoCount() throws Exception {
        Map<String, byte[]> v1 = compile("v1", server("8080", ""));
        byte[] server = v1.get("app/Server.class");
        String plain = fingerprint(v1).value().orElseThrow();

        JdepsFingerprint versioned = fingerprint(v1);
        versioned.add("META-INF/versions/11/app/Server.class", server);
        assertThat(versioned.value().orElseThrow()).isNotEqualTo(plain).contains("version 11\n");

        Map<String, byte[]> modular = Samples.files(Samples.compile(tmp.resolve("m"), Map.of(
                "module-info.java", "module app { requires jdk.httpserver; }", "app/Server.java", server("8080", ""))));
        Map<String, byte[]> modularSql = Samples.files(Samples.compile(tmp.resolve("m2"), Map.of(
                "module-info.java", "module app { requires jdk.httpserver; requires java.sql; }",
                "app/Server.java", server("8080", ""))));
        String m1 = fingerprint(modular).value().orElseThrow();
        assertThat(m1).contains("module-info ").isNotEqualTo(plain);
        assertThat(fingerprint(modularSql).value().orElseThrow()).as("requires count").isNotEqualTo(m1);
    }

    @Test
    void orderOfAddingDoesNotMatter() throws Exception {
        Map<String, byte[]> v1 = compile("v1", server("8080", ""));
        Map<String, byte[]> other = Samples.files(Samples.compile(tmp.resolve("o"), Map.of(
                "lib/Util.java", "package lib; public class Util { java.util.logging.Logger log; }")));
        JdepsFingerprint ab = fingerprint(v1);
        other.forEach(ab::add);
        JdepsFingerprint ba = fingerprint(other);
        v1.forEach(ba::add);
        assertThat(ab.value()).isEqualTo(ba.value());
        assertThat(ab.value().orElseThrow()).contains("defines app\n", "defines lib\n", "refers java/util/logging\n");
    }
}
