package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.AppRuntime;
import dev.paas.imagefactory.api.StagingException;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Buildpack detection, in order {@link #ORDER} (Cloud Foundry's rule: the first that
 * applies wins); an explicit buildpack runs its own rule only. No match fails with what each
 * buildpack looks for.
 */
public final class Detector {

    /** What each buildpack looks for, in detection order, as the failure message lists them. */
    public static final Map<AppRuntime, String> LOOKS_FOR = Map.of(
            AppRuntime.JAVA, "an executable JAR at the top of the package (Main-Class in META-INF/MANIFEST.MF;"
                    + " Spring Boot fat jars included), or an exploded one (META-INF/MANIFEST.MF with Main-Class),"
                    + " or a web application: a .war pushed with -p, or an exploded one (WEB-INF/ at the top)",
            AppRuntime.NATIVE, "one x86-64 ELF executable at the top of the package (or, chosen explicitly as"
                    + " binary_buildpack with a start command, any package: the command runs as given)",
            AppRuntime.STATIC, "index.html or a Staticfile at the top of the package",
            AppRuntime.GO, SourceRules.GO_LOOKS_FOR,
            AppRuntime.NODE, SourceRules.NODE_LOOKS_FOR,
            AppRuntime.PYTHON, SourceRules.PYTHON_LOOKS_FOR);

    /** Source runtimes come in Cloud Foundry's order (nodejs, go, python) before native and static. */
    public static final List<AppRuntime> ORDER = List.of(AppRuntime.JAVA, AppRuntime.NODE, AppRuntime.GO,
            AppRuntime.PYTHON, AppRuntime.NATIVE, AppRuntime.STATIC);

    /** {@link Detection#target()} of a web application (a war, unpacked into the app dir). */
    public static final String WAR = "WEB-INF";

    private Detector() {}

    /**
     * @param files     every entry of the app directory
     * @param requested an explicit buildpack
     * @param command   the app's own command, used to choose among several executables
     * @throws StagingException {@link StagingException.Reason#NO_BUILDPACK} with what each looks for
     */
    public static Detection detect(List<AppFile> files, Optional<AppRuntime> requested, Optional<String> command) {
        List<AppFile> sorted = files.stream().sorted(Comparator.comparing(AppFile::path)).toList();
        List<AppRuntime> order = requested.map(List::of).orElse(ORDER);
        for (AppRuntime r : order) {
            Function<List<AppFile>, Optional<Detection>> rule = switch (r) {
                case JAVA -> Detector::java;
                case NATIVE -> f -> nativeExe(f, command).or(() -> requested.isPresent() ? binary(f, command) : Optional.empty());
                case STATIC -> Detector::staticSite;
                case GO -> SourceRules::go;
                case NODE -> SourceRules::node;
                case PYTHON -> SourceRules::python;
            };
            Optional<Detection> d = rule.apply(sorted);
            if (d.isPresent()) {
                return d.get();
            }
        }
        StringBuilder msg = new StringBuilder();
        if (requested.isPresent()) {
            msg.append("the ").append(requested.get().id()).append(" buildpack does not apply: it looks for ")
                    .append(LOOKS_FOR.get(requested.get()));
        } else {
            msg.append("no buildpack matches this package:");
            for (AppRuntime r : ORDER) {
                msg.append("\n  ").append(r.id()).append(": ").append(LOOKS_FOR.get(r));
            }
        }
        throw new StagingException(StagingException.Reason.NO_BUILDPACK, msg.toString());
    }

    static Optional<Detection> java(List<AppFile> files) {
        List<AppFile> jars = files.stream()
                .filter(f -> f.kind() == AppFile.Kind.FILE && f.atTop() && f.path().endsWith(".jar"))
                .filter(f -> f.jar().map(JarFacts::executable).orElse(false))
                .toList();
        if (jars.size() > 1) {
            throw new StagingException(StagingException.Reason.NO_BUILDPACK, "several executable JARs ("
                    + String.join(", ", jars.stream().map(AppFile::path).toList())
                    + "): push one, or a directory with exactly one");
        }
        if (jars.size() == 1) {
            AppFile jar = jars.get(0);
            return Optional.of(new Detection(AppRuntime.JAVA, jar.path(), jar.path() + " (" + describe(jar.jar().get()) + ")"));
        }
        Optional<Detection> exploded = files.stream()
                .filter(f -> f.path().equals("META-INF/MANIFEST.MF") && f.jar().map(JarFacts::executable).orElse(false))
                .findFirst()
                .map(m -> new Detection(AppRuntime.JAVA, "", "exploded JAR (" + describe(m.jar().get()) + ")"));
        if (exploded.isPresent()) {
            return exploded;
        }
        // Cloud Foundry's Tomcat container: WEB-INF/ at the top and no Main-Class (checked above).
        return files.stream()
                .filter(f -> f.kind() == AppFile.Kind.DIRECTORY && f.path().equals(WAR))
                .findFirst()
                .map(f -> new Detection(AppRuntime.JAVA, WAR, "web application (WEB-INF/)"));
    }

    private static String describe(JarFacts j) {
        String s = "Main-Class: " + j.mainClass().orElse("?");
        if (j.springBoot()) {
            s += ", Spring Boot" + j.startClass().map(c -> " Start-Class: " + c).orElse("");
        }
        return s;
    }

    static Optional<Detection> nativeExe(List<AppFile> files, Optional<String> command) {
        List<AppFile> exes = files.stream()
                .filter(f -> f.kind() == AppFile.Kind.FILE && f.atTop())
                .filter(f -> f.elf().map(ElfInfo::isExecutable).orElse(false))
                .toList();
        if (exes.isEmpty()) {
            return Optional.empty();
        }
        AppFile chosen;
        if (exes.size() == 1) {
            chosen = exes.get(0);
        } else {
            String first = command.map(c -> c.strip().split("\\s+")[0]).orElse("");
            String base = first.substring(first.lastIndexOf('/') + 1);
            chosen = exes.stream().filter(f -> f.path().equals(base)).findFirst().orElseThrow(() ->
                    new StagingException(StagingException.Reason.NO_BUILDPACK, "several ELF executables ("
                            + String.join(", ", exes.stream().map(AppFile::path).toList())
                            + "): set the app's command to choose one"));
        }
        ElfInfo elf = chosen.elf().get();
        String how = elf.type() == ElfInfo.Type.STATIC_EXECUTABLE ? "static ELF executable"
                : "dynamic ELF executable, loader " + elf.interpreter().orElse("?");
        return Optional.of(new Detection(AppRuntime.NATIVE, chosen.path(), chosen.path() + " (" + how + ")"));
    }

    /**
     * Cloud Foundry's binary buildpack, chosen explicitly: it never detects, and runs the start
     * command as given ({@code cd bin && ./server}), whatever the package holds. The target is the
     * first ELF executable anywhere in the package (for the loader's closure), or none.
     */
    static Optional<Detection> binary(List<AppFile> files, Optional<String> command) {
        if (command.isEmpty() || command.get().isBlank()) {
            return Optional.empty();
        }
        List<AppFile> exes = files.stream()
                .filter(f -> f.kind() == AppFile.Kind.FILE && f.elf().map(ElfInfo::isExecutable).orElse(false))
                .toList();
        return Optional.of(new Detection(AppRuntime.NATIVE, exes.isEmpty() ? "" : exes.get(0).path(),
                "binary_buildpack: the start command runs as given (" + exes.size() + " ELF executable"
                        + (exes.size() == 1 ? "" : "s") + " in the package)"));
    }

    static Optional<Detection> staticSite(List<AppFile> files) {
        for (String marker : List.of("Staticfile", "index.html")) {
            if (files.stream().anyMatch(f -> f.kind() == AppFile.Kind.FILE && f.path().equals(marker))) {
                return Optional.of(new Detection(AppRuntime.STATIC, "", marker + " found"));
            }
        }
        return Optional.empty();
    }

    /** Parses a Staticfile's {@code root: DIR} (Cloud Foundry's key); other keys are ignored. */
    public static Optional<String> staticRoot(String staticfile) {
        for (String line : staticfile.split("\n")) {
            String l = line.strip();
            if (l.startsWith("root:")) {
                String v = l.substring(5).strip();
                if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
                    v = v.substring(1, v.length() - 1);
                }
                EntryNames.Result r = EntryNames.normalise(v);
                if (r.refused()) {
                    throw new StagingException(StagingException.Reason.NO_BUILDPACK,
                            "Staticfile root '" + v + "': " + r.rule().get());
                }
                return r.path().filter(p -> !p.isEmpty());
            }
        }
        return Optional.empty();
    }
}
