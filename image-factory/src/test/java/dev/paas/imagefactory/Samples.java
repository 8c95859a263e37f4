package dev.paas.imagefactory;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The sample apps, built from src/test/samples into target/samples on first use: the Java hello
 * server as an executable JAR (compiled here with javax.tools), the native hello server static
 * (musl-gcc) and dynamic (gcc) by build-native.sh, and a static site. No binaries are committed.
 */
public final class Samples {

    private static Path javaJar;
    private static final java.util.Set<String> WARS = new java.util.HashSet<>();
    private static Path nativeStatic;
    private static Path nativeDynamic;

    private Samples() {}

    public static Path moduleDir() {
        return Path.of(System.getProperty("paas.imagefactory.dir", ".")).toAbsolutePath();
    }

    static Path outDir() throws IOException {
        return Files.createDirectories(moduleDir().resolve("target/samples"));
    }

    /**
     * A war of the servlet sample ({@code src/test/samples/war/Hello.java}, answering
     * {@code hello from <server info> (<api>.servlet)}), compiled against the servlet API jar
     * ({@code javax} or {@code jakarta}) on the test class path: {@code hello-<api>.war}, with a
     * fixed entry time so the same war is made every time.
     */
    public static synchronized Path war(String api) throws IOException {
        Path out = outDir();
        Path war = out.resolve("hello-" + api + ".war");
        if (WARS.contains(api)) {
            return war;
        }
        Path src = Files.createDirectories(out.resolve("war-src-" + api + "/hello"));
        Files.writeString(src.resolve("Hello.java"),
                Files.readString(moduleDir().resolve("src/test/samples/war/Hello.java")).replace("API.", api + "."));
        Path classes = Files.createDirectories(out.resolve("war-classes-" + api));
        String servletApi = servletApiJar(api);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-cp", servletApi,
                "-d", classes.toString(), src.resolve("Hello.java").toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed on the war sample (" + api + ")");
        }
        Map<String, byte[]> entries = new TreeMap<>();
        entries.put("WEB-INF/classes/hello/Hello.class", Files.readAllBytes(classes.resolve("hello/Hello.class")));
        entries.put("index.txt", "a static file beside the servlet\n".getBytes(StandardCharsets.UTF_8));
        writeZip(war, entries);
        WARS.add(api);
        return war;
    }

    /** The servlet API jar of {@code javax} or {@code jakarta} on the test class path. */
    public static String servletApiJar(String api) {
        try {
            Class<?> servlet = Class.forName(api + ".servlet.Servlet");
            return Path.of(servlet.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
            throw new IllegalStateException("no " + api + " servlet API on the test class path", e);
        }
    }

    /** A zip of these entries (directories implied), every entry at 1980-01-01. */
    public static void writeZip(Path zip, Map<String, byte[]> entries) throws IOException {
        Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                java.util.zip.ZipEntry ze = new java.util.zip.ZipEntry(e.getKey());
                ze.setTime(315532800000L);
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        Files.move(tmp, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** hello.jar: Main-Class Hello, entries with a fixed time so the jar is the same every time. */
    public static synchronized Path javaJar() throws IOException {
        if (javaJar == null) {
            Path out = outDir();
            Path classes = Files.createDirectories(out.resolve("java-classes"));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int rc = javac.run(null, null, null, "--release", "17", "-d", classes.toString(),
                    moduleDir().resolve("src/test/samples/java/Hello.java").toString());
            if (rc != 0) {
                throw new IllegalStateException("javac failed on the Java sample");
            }
            Path jar = out.resolve("hello.jar");
            writeJar(jar, "Hello", classes.resolve("Hello.class"));
            javaJar = jar;
        }
        return javaJar;
    }

    public static void writeJar(Path jar, String mainClass, Path classFile) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(os)) {
            JarEntry me = new JarEntry("META-INF/MANIFEST.MF");
            me.setTime(315532800000L);
            j.putNextEntry(me);
            m.write(j);
            j.closeEntry();
            JarEntry c = new JarEntry(classFile.getFileName().toString());
            c.setTime(315532800000L);
            j.putNextEntry(c);
            j.write(Files.readAllBytes(classFile));
            j.closeEntry();
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Compiles sources (path under the source root, e.g. {@code app/A.java}, to text) with javac
     * {@code --release 17} plus {@code options} into {@code dir/classes}, which it returns.
     */
    public static Path compile(Path dir, Map<String, String> sources, String... options) throws IOException {
        Path src = dir.resolve("src");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
        args.addAll(List.of(options));
        for (Map.Entry<String, String> e : new TreeMap<>(sources).entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, log, log, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("javac failed on " + sources.keySet() + ": " + log);
        }
        return classes;
    }

    /**
     * A JAR of entries (name to bytes) in name order with a fixed time; {@code manifest} text, if
     * not null, comes first as {@code META-INF/MANIFEST.MF}.
     */
    public static Path jar(Path jar, String manifest, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os)) {
            Map<String, byte[]> all = new LinkedHashMap<>();
            if (manifest != null) {
                all.put("META-INF/MANIFEST.MF", manifest.getBytes(StandardCharsets.UTF_8));
            }
            all.putAll(new TreeMap<>(entries));
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                JarEntry je = new JarEntry(e.getKey());
                je.setTime(315532800000L);
                j.putNextEntry(je);
                j.write(e.getValue());
                j.closeEntry();
            }
        }
        return jar;
    }

    /** Every file under {@code dir}, by {@code /}-separated relative path. */
    public static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** jdeps' output for a JAR, directory or class file, run as JreBuilder runs it; fails if jdeps does. */
    public static String jdeps(Path target) {
        StringWriter out = new StringWriter();
        int rc = java.util.spi.ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintWriter(out),
                new PrintWriter(out), "--print-module-deps", "--ignore-missing-deps", "-q", "--multi-release", "17",
                target.toString());
        if (rc != 0) {
            throw new IllegalStateException("jdeps failed (exit " + rc + "): " + out);
        }
        return out.toString();
    }

    public static synchronized Path nativeStatic() throws Exception {
        buildNative();
        return nativeStatic;
    }

    public static synchronized Path nativeDynamic() throws Exception {
        buildNative();
        return nativeDynamic;
    }

    private static void buildNative() throws Exception {
        if (nativeStatic != null) {
            return;
        }
        Path out = outDir().resolve("native");
        Process p = new ProcessBuilder("/bin/bash", moduleDir().resolve("src/test/samples/build-native.sh").toString(),
                out.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("build-native.sh failed: " + text);
        }
        nativeStatic = out.resolve("hello-static");
        nativeDynamic = out.resolve("hello-dynamic");
    }

    /** A static site directory with index.html and a style sheet. */
    public static Path staticSite(Path parent) throws IOException {
        Path site = Files.createDirectories(parent.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<!doctype html><h1>hello from static</h1>\n");
        Files.createDirectories(site.resolve("css"));
        Files.writeString(site.resolve("css/site.css"), "h1 { color: teal }\n");
        return site;
    }

    /**
     * A copy of a source sample of src/test/samples ({@code go/hello}, ...) under {@code parent},
     * for a test to build or change.
     */
    public static Path sourceApp(String sample, Path parent) throws IOException {
        Path from = moduleDir().resolve("src/test/samples").resolve(sample);
        Path to = Files.createDirectories(parent.resolve(from.getFileName().toString()));
        for (Map.Entry<String, byte[]> e : files(from).entrySet()) {
            Path f = to.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        return to;
    }

    /**
     * A pure-Python wheel written by hand (a wheel is a zip with a dist-info): module
     * {@code name} with {@code hello(runtime)}, entries in order with a fixed time.
     */
    public static Path wheel(Path dir, String name, String version) throws IOException {
        Files.createDirectories(dir);
        String info = name + "-" + version + ".dist-info/";
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(name + "/__init__.py", "def hello(runtime):\n    return \"hello from \" + runtime\n");
        entries.put(info + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        entries.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: paas-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            byte[] b = e.getValue().getBytes(StandardCharsets.UTF_8);
            String hash;
            try {
                hash = java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(b));
            } catch (java.security.NoSuchAlgorithmException ex) {
                throw new IllegalStateException(ex);
            }
            record.append(e.getKey()).append(",sha256=").append(hash).append(',').append(b.length).append('\n');
        }
        entries.put(info + "RECORD", record.append(info).append("RECORD,,\n").toString());
        Path whl = dir.resolve(name + "-" + version + "-py3-none-any.whl");
        try (OutputStream os = Files.newOutputStream(whl); java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(os)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                java.util.zip.ZipEntry ze = new java.util.zip.ZipEntry(e.getKey());
                ze.setTime(315532800000L);
                z.putNextEntry(ze);
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return whl;
    }
}
