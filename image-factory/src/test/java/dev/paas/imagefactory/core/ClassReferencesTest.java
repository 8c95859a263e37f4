package dev.paas.imagefactory.core;

import dev.paas.imagefactory.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * On class files compiled here by javac. Each row says whether a package counts as referenced and
 * checks jdeps agrees: the parser must see exactly what jdeps sees, no more, no less.
 */
class ClassReferencesTest {

    @TempDir
    Path tmp;

    /**
     * @param source the body of {@code app.A}; {@code other} holds further sources by path
     * @param module the JDK module jdeps names when (and only when) the package is seen; null when
     *               the package is not the JDK's
     */
    record Case(String name, String source, Map<String, String> other, String pkg, boolean seen, String module) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String tag = """
                package ann;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Tag { Class<?> value() default Object.class; }
                """;
        return Stream.of(
                new Case("a call: the class's constant", """
                        public class A { void f() throws Exception { com.sun.net.httpserver.HttpServer.create(); } }
                        """, Map.of(), "com/sun/net/httpserver", true, "jdk.httpserver"),
                new Case("a field type only in its descriptor", """
                        public class A { java.sql.Connection c; }
                        """, Map.of(), "java/sql", true, "java.sql"),
                new Case("a type argument only in a field's signature", """
                        public class A { java.util.List<java.util.logging.Logger> loggers; }
                        """, Map.of(), "java/util/logging", true, "java.logging"),
                new Case("a type parameter's bound only in a method's signature", """
                        public class A { <T extends java.rmi.Remote> void g(java.util.List<T> l) { } }
                        """, Map.of(), "java/rmi", true, "java.rmi"),
                new Case("a type argument of a generic outer class of an inner class", """
                        public class A { other.Outer<java.util.logging.Level>.Inner inner; }
                        """, Map.of("other/Outer.java", "package other; public class Outer<T> { public class Inner { } }"),
                        "java/util/logging", true, "java.logging"),
                new Case("an array class", """
                        public class A { Object f(Object o) { return (java.sql.Date[][]) o; } }
                        """, Map.of(), "java/sql", true, "java.sql"),
                new Case("a run-time-visible class annotation", """
                        @java.beans.JavaBean public class A { }
                        """, Map.of(), "java/beans", true, "java.desktop"),
                new Case("a run-time-visible parameter annotation", """
                        public class A { void f(@ann.Tag int x) { } }
                        """, Map.of("ann/Tag.java", tag), "ann", true, null),
                new Case("a lambda taking a type", """
                        public class A { Object f() { java.util.function.Consumer<java.util.logging.Logger> c = l -> { }; return c; } }
                        """, Map.of(), "java/util/logging", true, "java.logging"),
                new Case("not: a string constant", """
                        public class A { String s = "Ljava/sql/Connection;"; }
                        """, Map.of(), "java/sql", false, "java.sql"),
                new Case("not: an unused local's type (local variable table)", """
                        public class A { void f() { java.sql.Connection c = null; } }
                        """, Map.of(), "java/sql", false, "java.sql"),
                new Case("not: an annotation's class value", """
                        @ann.Tag(java.sql.Connection.class) public class A { }
                        """, Map.of("ann/Tag.java", tag), "java/sql", false, "java.sql"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void seesWhatJdepsSees(Case c) throws Exception {
        Map<String, String> sources = new LinkedHashMap<>(c.other());
        sources.put("app/A.java", "package app;\n" + c.source());
        Path classFile = Samples.compile(tmp, sources, "-g").resolve("app/A.class");

        ClassReferences refs = ClassReferences.parse(Files.readAllBytes(classFile));

        assertThat(refs.name()).isEqualTo("app/A");
        assertThat(packages(refs)).as("packages referred to").contains("java/lang")
                .matches(p -> p.contains(c.pkg()) == c.seen(), (c.seen() ? "has " : "lacks ") + c.pkg());
        if (c.module() != null) {
            assertThat(ModuleSets.parseJdeps(Samples.jdeps(classFile))).as("jdeps").matches(m -> m.contains(c.module()) == c.seen(),
                    (c.seen() ? "names " : "does not name ") + c.module());
        }
    }

    @Test
    void packageOfTheUnnamedPackageIsEmpty() {
        assertThat(ClassReferences.packageOf("com/sun/net/httpserver/HttpServer")).isEqualTo("com/sun/net/httpserver");
        assertThat(ClassReferences.packageOf("Hello")).isEmpty();
    }

    @Test
    void helloServerRefersToTheHttpServer() throws Exception {
        Path hello = Samples.javaJar().resolveSibling("java-classes").resolve("Hello.class");
        ClassReferences refs = ClassReferences.parse(Files.readAllBytes(hello));
        assertThat(refs.name()).isEqualTo("Hello");
        assertThat(packages(refs)).contains("com/sun/net/httpserver", "java/lang");
    }

    @Test
    void illFormedInputIsRefusedNotCrashed() throws Exception {
        byte[] real = Files.readAllBytes(Samples.javaJar().resolveSibling("java-classes").resolve("Hello.class"));
        assertThatThrownBy(() -> ClassReferences.parse(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClassReferences.parse("PK\3\4 not a class".getBytes()))
                .hasMessageContaining("not a class file");
        byte[] badTag = real.clone();
        badTag[10] = 99;                            // the first constant's tag
        assertThatThrownBy(() -> ClassReferences.parse(badTag)).hasMessageContaining("unknown constant pool tag 99");
        // Every truncation, and bytes overwritten at random, give IllegalArgumentException or a result.
        for (int n = 0; n < real.length; n++) {
            byte[] cut = Arrays.copyOf(real, n);
            assertThat(catchThrowable(() -> ClassReferences.parse(cut)))
                    .as("cut at %d", n).isInstanceOf(IllegalArgumentException.class);
        }
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            byte[] b = real.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                b[8 + random.nextInt(b.length - 8)] = (byte) random.nextInt(256);
            }
            Throwable t = catchThrowable(() -> ClassReferences.parse(b));
            assertThat(t).as("round %d", round).satisfiesAnyOf(
                    x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(IllegalArgumentException.class));
        }
    }

    private static Set<String> packages(ClassReferences refs) {
        return refs.classes().stream().map(ClassReferences::packageOf).collect(Collectors.toSet());
    }
}
