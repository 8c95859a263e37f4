import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.Phase;
import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.Guests;

import javax.tools.ToolProvider;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The image benchmark behind bench/image/run: for a Java hello server (executable JAR), a static
 * binary (musl), a static site, and the go, node (express from the npm registry) and python
 * (one vendored wheel) samples built from source, and the servlet sample in a war (embedded
 * Tomcat 11), one cold build (empty JRE, jdeps and layer caches: jdeps +
 * jlink + compressing everything) and N warm builds (caches filled: what a re-push costs), in one
 * JVM as in the control plane, each into a fresh store. Prints build times, image sizes and the
 * goals of issue 4.
 */
public class ImageBench {

    record Row(String name, double coldS, double warmS, String warmPhases, ImageMetadata m) {}

    public static void main(String[] args) throws Exception {
        int warmRuns = 3;
        boolean large = false;
        Path repo = Path.of(".").toAbsolutePath().normalize();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warm-runs" -> warmRuns = Integer.parseInt(args[++i]);
                case "--repo" -> repo = Path.of(args[++i]);
                case "--large" -> large = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("paas-image-bench-");
        GuestArtifacts guest = Guests.obtain(Guests.defaultCacheDir(), System.err::println);
        Path samples = repo.resolve("image-factory/src/test/samples");
        if (large) {
            large(samples, guest, work, warmRuns);
            deleteTree(work);
            return;
        }

        Path jar = javaJar(samples.resolve("java/Hello.java"), work);
        Process p = new ProcessBuilder("/bin/bash", samples.resolve("build-native.sh").toString(),
                work.resolve("native").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("build-native.sh failed");
        }
        Path site = Files.createDirectories(work.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>hello</h1>\n");

        List<Row> rows = new ArrayList<>();
        rows.add(measure("java hello (jar)", BuildRequest.of(jar), guest, work, warmRuns));
        rows.add(measure("native static (musl)", BuildRequest.of(work.resolve("native/hello-static")), guest, work, warmRuns));
        rows.add(measure("native dynamic (glibc)", BuildRequest.of(work.resolve("native/hello-dynamic")), guest, work, warmRuns));
        rows.add(measure("static site", BuildRequest.of(site), guest, work, warmRuns));
        rows.add(measure("go hello (go.mod)", BuildRequest.of(samples.resolve("go/hello")), guest, work, warmRuns));
        rows.add(measure("node hello (express)", BuildRequest.of(samples.resolve("node/hello")), guest, work, warmRuns));
        rows.add(measure("python hello (1 wheel)", BuildRequest.of(pythonApp(samples.resolve("python/hello"), work)),
                guest, work, warmRuns));
        rows.add(measure("war hello (Tomcat 11)", BuildRequest.of(war(samples.resolve("war/Hello.java"), work)),
                guest, work, warmRuns));

        System.out.printf(Locale.ROOT, "%n%-24s %8s %8s %10s %10s %10s  %s%n", "runtime", "cold s", "warm s",
                "image MB", "initrd MB", "rootfs MB", "warm phases (ms)");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-24s %8.2f %8.2f %10.2f %10.2f %10.2f  %s%n", r.name(), r.coldS(), r.warmS(),
                    mb(r.m().totalBytes()), mb(r.m().initramfs().bytes()), mb(r.m().sizes().rootfs()), r.warmPhases());
        }
        Row java = rows.get(0);
        Row nat = rows.get(1);
        System.out.println();
        goal("Java hello image <= 40 MB", mb(java.m().totalBytes()) <= 40, String.format(Locale.ROOT, "%.2f MB", mb(java.m().totalBytes())));
        goal("warm Java build <= 3 s", java.warmS() <= 3, String.format(Locale.ROOT, "%.2f s", java.warmS()));
        goal("native static image <= 4 MB", mb(nat.m().totalBytes()) <= 4, String.format(Locale.ROOT, "%.2f MB", mb(nat.m().totalBytes())));
        for (String[] g : new String[][] {{"go", "15"}, {"node", "60"}, {"python", "40"}}) {
            Row r = rows.stream().filter(x -> x.name().startsWith(g[0] + " ")).findFirst().orElseThrow();
            int limit = Integer.parseInt(g[1]);
            goal(g[0] + " hello image <= " + limit + " MB", mb(r.m().totalBytes()) <= limit,
                    String.format(Locale.ROOT, "%.2f MB", mb(r.m().totalBytes())));
            goal("warm " + g[0] + " build <= 3 s", r.warmS() <= 3, String.format(Locale.ROOT, "%.2f s", r.warmS()));
        }
        System.out.println("kernel " + java.m().kernel().name() + " " + java.m().kernelVersion() + ", "
                + String.format(Locale.ROOT, "%.2f MB", mb(java.m().kernel().bytes())) + "; MB = 2^20 bytes");
        deleteTree(work);
    }

    /**
     * Issue 17's large image only: the docker save tarball of build-large-image.sh (208 MiB of
     * random files + busybox httpd), read and built cold (empty blob cache) and warm; its files
     * go to the read-only root disk. Guest memory after boot: node-agent's LargeImageVmTest.
     */
    static void large(Path samples, GuestArtifacts guest, Path work, int warmRuns) throws Exception {
        Process p = new ProcessBuilder("/bin/bash", samples.resolve("build-large-image.sh").toString(),
                work.resolve("large.tar").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("build-large-image.sh failed");
        }
        Row r = measure("docker save 208 MiB", BuildRequest.of(work.resolve("large.tar")).withMemory("128M"), guest,
                work, warmRuns);
        ImageMetadata m = r.m();
        System.out.printf(Locale.ROOT, "%n%-24s %8s %8s %10s %10s %10s %10s  %s%n", "image", "cold s", "warm s",
                "image MB", "disk MB", "initrd KB", "files MB", "warm phases (ms)");
        System.out.printf(Locale.ROOT, "%-24s %8.2f %8.2f %10.2f %10.2f %10.1f %10.2f  %s%n", r.name(), r.coldS(), r.warmS(),
                mb(m.totalBytes()), mb(m.rootDisk() == null ? 0 : m.rootDisk().bytes()), m.initramfs().bytes() / 1024.0,
                mb(m.sizes().rootfs()), r.warmPhases());
    }

    static Row measure(String name, BuildRequest req, GuestArtifacts guest, Path work, int warmRuns) throws Exception {
        Path cache = Files.createTempDirectory(work, "cache-");
        long t0 = System.nanoTime();
        BuildResult cold = factory(cache, guest, work).build(req, line -> { });
        double coldS = (System.nanoTime() - t0) / 1e9;
        List<Double> warm = new ArrayList<>();
        BuildResult last = cold;
        for (int i = 0; i < warmRuns; i++) {
            long t = System.nanoTime();
            last = factory(cache, guest, work).build(req, line -> { });
            warm.add((System.nanoTime() - t) / 1e9);
            if (!last.digest().equals(cold.digest())) {
                throw new IllegalStateException(name + ": warm build gave another digest");
            }
        }
        warm.sort(Comparator.naturalOrder());
        StringBuilder phases = new StringBuilder();
        for (Phase ph : Phase.values()) {
            phases.append(ph.name().toLowerCase()).append(' ').append(last.phases().get(ph).toMillis()).append(' ');
        }
        System.err.printf(Locale.ROOT, "%s: cold %.2f s, warm %s%n", name, coldS, warm);
        return new Row(name, coldS, warm.get(warm.size() / 2), phases.toString().strip(), cold.image().metadata());
    }

    static ImageFactory factory(Path cache, GuestArtifacts guest, Path work) throws Exception {
        return ImageFactory.builder().store(ImageFactory.fileStore(Files.createTempDirectory(work, "store-")))
                .cacheDir(cache).workDir(work.resolve("scratch")).guest(() -> guest).build();
    }

    static Path javaJar(Path source, Path work) throws Exception {
        Path classes = Files.createDirectories(work.resolve("classes"));
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", classes.toString(),
                source.toString()) != 0) {
            throw new IllegalStateException("javac failed");
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        Path jar = work.resolve("hello.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, m)) {
            j.putNextEntry(new JarEntry("Hello.class"));
            j.write(Files.readAllBytes(classes.resolve("Hello.class")));
            j.closeEntry();
        }
        return jar;
    }

    /**
     * The servlet sample compiled against the jakarta servlet API (on the class path run gives:
     * the image factory's test dependencies), in a war. Tomcat's jars come from the local Maven
     * repository, where building the image factory put them.
     */
    static Path war(Path source, Path work) throws Exception {
        Path src = Files.createDirectories(work.resolve("war-src/hello"));
        Files.writeString(src.resolve("Hello.java"), Files.readString(source).replace("API.", "jakarta."));
        Path classes = Files.createDirectories(work.resolve("war-classes"));
        String api = Path.of(Class.forName("jakarta.servlet.Servlet").getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toString();
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-cp", api, "-d",
                classes.toString(), src.resolve("Hello.java").toString()) != 0) {
            throw new IllegalStateException("javac failed on the servlet sample");
        }
        Path war = work.resolve("hello.war");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(war))) {
            var e = new java.util.zip.ZipEntry("WEB-INF/classes/hello/Hello.class");
            e.setTime(315532800000L);
            z.putNextEntry(e);
            z.write(Files.readAllBytes(classes.resolve("hello/Hello.class")));
            z.closeEntry();
        }
        return war;
    }

    /**
     * The python sample with its one dependency, a pure-Python wheel written here (PyPI is not
     * reachable: pip gets vendor/ only).
     */
    static Path pythonApp(Path sample, Path work) throws Exception {
        Path app = Files.createDirectories(work.resolve("python"));
        try (var files = Files.list(sample)) {
            for (Path f : files.toList()) {
                Files.copy(f, app.resolve(f.getFileName().toString()));
            }
        }
        java.util.Map<String, String> entries = new java.util.LinkedHashMap<>();
        entries.put("greet/__init__.py", "def hello(runtime):\n    return \"hello from \" + runtime\n");
        entries.put("greet-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: greet\nVersion: 1.0\n");
        entries.put("greet-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        for (var e : entries.entrySet()) {
            byte[] b = e.getValue().getBytes(StandardCharsets.UTF_8);
            record.append(e.getKey()).append(",sha256=").append(java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(b))).append(',')
                    .append(b.length).append('\n');
        }
        entries.put("greet-1.0.dist-info/RECORD", record + "greet-1.0.dist-info/RECORD,,\n");
        Path whl = Files.createDirectories(app.resolve("vendor")).resolve("greet-1.0-py3-none-any.whl");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(whl))) {
            for (var e : entries.entrySet()) {
                var ze = new java.util.zip.ZipEntry(e.getKey());
                ze.setTime(315532800000L);
                z.putNextEntry(ze);
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return app;
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    static void goal(String what, boolean ok, String got) {
        System.out.println((ok ? "PASS " : "FAIL ") + what + ": " + got);
    }

    static void deleteTree(Path root) throws Exception {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
