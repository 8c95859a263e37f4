package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.StagingListener;
import dev.paas.imagefactory.api.UnpackLimits;
import dev.paas.imagefactory.core.ClassReferences;
import dev.paas.imagefactory.core.JavaLaunch;
import dev.paas.imagefactory.core.ModuleSets;
import dev.paas.imagefactory.core.ServletApi;
import dev.paas.imagefactory.core.ServletContainer;
import dev.paas.imagefactory.core.UnpackBudget;
import dev.paas.imagefactory.core.WarApp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * java, web applications (Cloud Foundry's Tomcat container): the war, unpacked at {@code /app},
 * is served at {@code /} by embedded Tomcat on the Java buildpack's JRE. The servlet API it is
 * written against ({@link WarApp}) picks Tomcat 11 (jakarta) or Tomcat 9 (javax), whose jars
 * ({@link ServletContainers}) go to {@code /paas/tomcat/lib}; the launcher (image-factory's
 * {@code src/launcher}, compiled with the module) to {@code /paas/tomcat/launcher}. The JRE has the
 * container's modules (pinned: jdeps' answer for its jars) and jdeps' answer for the app's classes
 * and libraries: a JRE with the fallback module set (98 MiB of root with Tomcat) does not unpack
 * in the 256M a push gets by default.
 */
final class WarBuildpack implements Buildpack {

    /**
     * The client compiler only: Tomcat's start is mostly class loading and code run once, and in a
     * guest with one vCPU (under TCG even more) C2's compilations take the CPU from it. Measured
     * with the javax sample under TCG at load 11-20 on the 2 cores: first HTTP 200 21 s after QEMU
     * started with it, 81 s without (over the 60 s a port health check waits by default). A
     * {@code -XX:TieredStopAtLevel=4} in {@code $JAVA_OPTS} comes later and wins.
     */
    static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    static final String LAUNCHER_RESOURCE = "/paas-war-launcher/"
            + ServletContainer.LAUNCHER_CLASS.replace('.', '/') + ".class";
    /** Class files and descriptors larger than this are not read for evidence. */
    static final long MAX_READ = 8L << 20;

    @Override
    public Built build(Context ctx) throws IOException {
        checkLibraries(ctx.appDir(), UnpackLimits.defaults());
        boolean forced = ctx.request().env().containsKey(WarApp.API_ENV);
        WarApp.Evidence evidence = forced ? new WarApp.Evidence(new TreeMap<>(), Optional.empty(), new TreeMap<>())
                : evidence(ctx.appDir(), ctx.out());
        WarApp.Decision decision = WarApp.decide(evidence, ctx.request().env());
        ServletContainer container = ServletContainer.forApi(decision.api());
        ctx.out().line("       " + decision.api().packageName() + " (" + decision.reason() + "): " + container.name());
        Path jars = ServletContainers.forHost(ctx.cacheDir()).obtain(container, ctx.out());
        byte[] launcher = launcher();

        JreBuilder jres = new JreBuilder(ctx.cacheDir(), ctx.jdkHome(), ctx.out());
        Set<String> modules = JavaBuildpack.withExtra(ctx, modules(container, ctx.appDir(), jres, ctx.out()));
        Path jre = jres.jre(modules);

        Rootfs fs = ctx.rootfs();
        fs.tree(jre, JavaLaunch.JRE_DIR, Rootfs.Part.RUNTIME);
        for (ServletContainer.Artifact a : container.artifacts()) {
            fs.hostFile(ServletContainer.LIB_DIR + "/" + a.fileName(), jars.resolve(a.fileName()), false,
                    Rootfs.Part.RUNTIME);
        }
        fs.bytes(ServletContainer.LAUNCHER_DIR + LAUNCHER_RESOURCE.substring(LAUNCHER_RESOURCE.indexOf('/', 1)),
                launcher, false, Rootfs.Part.RUNTIME);
        fs.tree(ctx.appDir(), APP_DIR, Rootfs.Part.APP);
        return JavaBuildpack.finish(ctx, fs, jre, modules, C1_ONLY,
                "-cp " + container.classPath() + " " + ServletContainer.LAUNCHER_CLASS + " " + APP_DIR);
    }

    /**
     * The jars of {@code WEB-INF/lib} are zips in the zip: the package's unpack checked their
     * bytes, not what they inflate to, and jdeps and the evidence read their classes. Each entry of
     * each is inflated once here under the unpack limits (entry count, total size, ratio: one
     * budget for all of them), before anything else reads them.
     *
     * @throws StagingException UNSAFE_PACKAGE naming the jar, the entry and the rule
     */
    static void checkLibraries(Path appDir, UnpackLimits limits) throws IOException {
        Path lib = appDir.resolve("WEB-INF/lib");
        if (!Files.isDirectory(lib)) {
            return;
        }
        List<Path> jars;
        try (Stream<Path> list = Files.list(lib)) {
            jars = list.filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        }
        UnpackBudget budget = new UnpackBudget(limits);
        byte[] buf = new byte[64 * 1024];
        for (Path jar : jars) {
            String name = "WEB-INF/lib/" + jar.getFileName();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry e : Collections.list((Enumeration<ZipEntry>) zip.entries())) {
                    String where = name + "!/" + e.getName();
                    refuseIf(where, budget.countEntry());
                    refuseIf(where, budget.declared(e.getSize(), e.getCompressedSize()));
                    long n = 0;
                    try (InputStream in = zip.getInputStream(e)) {
                        for (int r; (r = in.read(buf)) > 0; ) {
                            n += r;
                            refuseIf(where, budget.wrote(r));
                            refuseIf(where, budget.ratio(n, e.getCompressedSize()));
                        }
                    }
                }
            } catch (java.util.zip.ZipException notAZip) {
                // not a jar: the evidence says so, jdeps falls back
            }
        }
    }

    private static void refuseIf(String where, Optional<String> rule) {
        if (rule.isPresent()) {
            throw SafeUnpacker.refuse(where, rule.get());
        }
    }

    /**
     * The container's modules and what jdeps finds in {@code WEB-INF/classes} and in each jar of
     * {@code WEB-INF/lib} (each answer cached by its class references); the fallback set when
     * jdeps cannot tell for one of them.
     */
    static Set<String> modules(ServletContainer container, Path appDir, JreBuilder jres, StagingListener out)
            throws IOException {
        Set<String> modules = new TreeSet<>(container.modules());
        List<Path> parts = new ArrayList<>();
        Path classes = appDir.resolve("WEB-INF/classes");
        if (Files.isDirectory(classes)) {
            parts.add(classes);
        }
        Path lib = appDir.resolve("WEB-INF/lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> list = Files.list(lib)) {
                parts.addAll(list.filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList());
            }
        }
        for (Path part : parts) {
            Optional<Set<String>> found;
            try {
                found = jres.jdeps(part);
            } catch (IOException | RuntimeException e) {
                found = Optional.empty();
            }
            if (found.isEmpty()) {
                out.line("       jdeps cannot tell for " + appDir.relativize(part) + ": the fallback module set");
                modules.addAll(ModuleSets.FALLBACK);
                return modules;
            }
            modules.addAll(found.get());
        }
        out.line("       modules: " + container.name() + "'s and the app's: " + String.join(",", modules));
        return modules;
    }

    static byte[] launcher() throws IOException {
        try (InputStream in = WarBuildpack.class.getResourceAsStream(LAUNCHER_RESOURCE)) {
            if (in == null) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, "the war launcher "
                        + LAUNCHER_RESOURCE + " is not among the image factory's classes: rebuild image-factory");
            }
            return in.readAllBytes();
        }
    }

    /**
     * Reads what decides the servlet API: the classes of {@code WEB-INF/classes} and
     * {@code WEB-INF/web.xml}, and only when those tell nothing the jars of {@code WEB-INF/lib}.
     * A class file that cannot be parsed, or a jar that cannot be opened, gives no evidence.
     */
    static WarApp.Evidence evidence(Path appDir, StagingListener out) throws IOException {
        SortedMap<String, Set<ServletApi>> classes = new TreeMap<>();
        Path classesDir = appDir.resolve("WEB-INF/classes");
        if (Files.isDirectory(classesDir)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(classesDir)) {
                files = walk.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p)).sorted().toList();
            }
            for (Path p : files) {
                if (Files.size(p) <= MAX_READ) {
                    Set<ServletApi> apis = apis(Files.readAllBytes(p));
                    if (!apis.isEmpty()) {
                        classes.put(classesDir.relativize(p).toString(), apis);
                    }
                }
            }
        }
        Path webXmlFile = appDir.resolve("WEB-INF/web.xml");
        Optional<String> webXml = Files.isRegularFile(webXmlFile) && Files.size(webXmlFile) <= MAX_READ
                ? Optional.of(new String(Files.readAllBytes(webXmlFile), StandardCharsets.UTF_8)) : Optional.empty();
        SortedMap<String, Set<ServletApi>> libs = new TreeMap<>();
        Path libDir = appDir.resolve("WEB-INF/lib");
        if (classes.isEmpty() && webXml.flatMap(WarApp::webXmlApi).isEmpty() && Files.isDirectory(libDir)) {
            List<Path> jars;
            try (Stream<Path> list = Files.list(libDir)) {
                jars = list.filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
            }
            for (Path jar : jars) {
                Set<ServletApi> apis = jarApis(jar, out);
                if (!apis.isEmpty()) {
                    libs.put(jar.getFileName().toString(), apis);
                }
            }
        }
        return new WarApp.Evidence(classes, webXml, libs);
    }

    private static Set<ServletApi> jarApis(Path jar, StagingListener out) {
        Set<ServletApi> apis = EnumSet.noneOf(ServletApi.class);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list((Enumeration<ZipEntry>) zip.entries())) {
                if (e.isDirectory() || !e.getName().endsWith(".class") || e.getSize() > MAX_READ) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    apis.addAll(apis(in.readNBytes((int) MAX_READ)));
                }
                if (apis.size() == ServletApi.values().length) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            out.line("       warning: WEB-INF/lib/" + jar.getFileName() + " is not a readable jar (" + e.getMessage()
                    + "): not looked into");
        }
        return apis;
    }

    private static Set<ServletApi> apis(byte[] classFile) {
        try {
            return WarApp.referred(ClassReferences.parse(classFile).classes());
        } catch (IllegalArgumentException unreadable) {
            return Set.of();
        }
    }
}
