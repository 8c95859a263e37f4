package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.Samples;
import dev.paas.imagefactory.core.JdepsFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Which class files of a JAR or directory make the fingerprint: the ones jdeps reads. */
class ClassFilesTest {

    private static final Runtime.Version RELEASE_17 = Runtime.Version.parse("17");

    @TempDir
    Path tmp;

    private Map<String, byte[]> classes(String name, String source) throws Exception {
        return Samples.files(Samples.compile(tmp.resolve(name), Map.of("app/A.java", "package app;\n" + source)));
    }

    @Test
    void aDirectoryAndTheSameClassesInAJarAgree() throws Exception {
        Path dir = Samples.compile(tmp.resolve("c"), Map.of(
                "app/A.java", "package app; public class A { java.util.logging.Logger log; lib.B b; }",
                "lib/B.java", "package lib; public class B { com.sun.net.httpserver.HttpServer s; }"));
        Path jar = Samples.jar(tmp.resolve("app.jar"), "Manifest-Version: 1.0\nMain-Class: app.A\n", Samples.files(dir));

        JdepsFingerprint fromDir = ClassFiles.fingerprint(dir, RELEASE_17);
        JdepsFingerprint fromJar = ClassFiles.fingerprint(jar, RELEASE_17);

        assertThat(fromJar.value()).isPresent().isEqualTo(fromDir.value());
        assertThat(fromJar.classFiles()).isEqualTo(2);
        assertThat(fromJar.value().orElseThrow()).contains("refers java/util/logging\n", "refers com/sun/net/httpserver\n",
                "defines app\n", "defines lib\n");
    }

    @Test
    void aMultiReleaseJarCountsTheVersionsJdepsPicks() throws Exception {
        Map<String, byte[]> entries = new TreeMap<>();
        entries.put("app/A.class", classes("base", "public class A { }").get("app/A.class"));
        entries.put("META-INF/versions/11/app/A.class",
                classes("v11", "public class A { java.util.prefs.Preferences prefs; }").get("app/A.class"));
        entries.put("META-INF/versions/21/app/A.class",
                classes("v21", "public class A { java.sql.Connection c; }").get("app/A.class"));
        Path mr = Samples.jar(tmp.resolve("mr.jar"), "Manifest-Version: 1.0\nMulti-Release: true\n", entries);
        Path plain = Samples.jar(tmp.resolve("plain.jar"), "Manifest-Version: 1.0\n", entries);

        String atRelease17 = ClassFiles.fingerprint(mr, RELEASE_17).value().orElseThrow();
        assertThat(atRelease17).contains("refers java/util/prefs\n", "version 11\n")
                .doesNotContain("java/sql", "version 21");
        assertThat(Samples.jdeps(mr)).as("jdeps agrees").contains("java.prefs").doesNotContain("java.sql");
        // Without Multi-Release: true, every entry is a class of its own, for jdeps as for us.
        assertThat(ClassFiles.fingerprint(plain, RELEASE_17).value().orElseThrow())
                .contains("refers java/sql\n", "version 11\n", "version 21\n");
        assertThat(Samples.jdeps(plain)).contains("java.prefs", "java.sql");
    }

    @Test
    void anUnreadableEntryMakesItUnavailable() throws Exception {
        Map<String, byte[]> entries = new TreeMap<>(classes("a", "public class A { }"));
        byte[] a = entries.get("app/A.class");
        entries.put("app/B.class", Arrays.copyOf(a, 20));
        Path jar = Samples.jar(tmp.resolve("cut.jar"), null, entries);
        JdepsFingerprint fp = ClassFiles.fingerprint(jar, RELEASE_17);
        assertThat(fp.value()).isEmpty();
        assertThat(fp.unreadable()).hasValueSatisfying(u -> assertThat(u).startsWith("app/B.class: "));
        // Files not named .class are not jdeps' business.
        entries.put("app/B.class", a);
        entries.put("app/notes.txt", "not a class".getBytes());
        assertThat(ClassFiles.fingerprint(Samples.jar(tmp.resolve("ok.jar"), null, entries), RELEASE_17).value())
                .isPresent();
    }
}
