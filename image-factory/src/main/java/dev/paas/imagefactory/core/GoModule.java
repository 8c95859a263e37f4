package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.StagingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the go buildpack reads from {@code go.mod} and the app's environment, before running the
 * toolchain: the module path (the binary is named after its last element, as {@code go build}
 * names it), the {@code go} version, and {@code replace} directives that point at local
 * directories, which must stay inside the app (a path out of it would compile the build host's
 * files into the binary).
 *
 * @param path      the module path, e.g. {@code example.com/hello}
 * @param goVersion the {@code go} directive, if any
 */
public record GoModule(String path, Optional<String> goVersion) {

    /** Cloud Foundry's go buildpack variable: which package to build, default {@code .}. */
    public static final String PACKAGE_ENV = "GO_INSTALL_PACKAGE_SPEC";
    /** Module proxy when the app's environment names none: nothing is fetched unless asked. */
    public static final String DEFAULT_GOPROXY = "off";
    /**
     * The app's variables handed to the toolchain; everything else of the staging environment is
     * not (GOFLAGS could carry {@code -toolexec}, which runs a program of the app's choosing on
     * the build host).
     */
    public static final List<String> PASSED_ENV = List.of("GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE",
            "GONOPROXY", "GOINSECURE");

    private static final Pattern MODULE = Pattern.compile("^module\\s+(\"[^\"]+\"|\\S+)\\s*$");
    private static final Pattern GO = Pattern.compile("^go\\s+(\\d+\\.\\d+(?:\\.\\d+)?)\\s*$");
    private static final Pattern LOCAL_PATH = Pattern.compile("^(\\.{1,2}/|\\.{1,2}$|/).*");

    /**
     * @throws StagingException {@code BUILD_FAILED} naming the line when there is no module
     *                          line or a local replacement leaves the app
     */
    public static GoModule parse(String goMod) {
        String module = null;
        Optional<String> go = Optional.empty();
        boolean inReplaceBlock = false;
        int n = 0;
        for (String raw : goMod.split("\n", -1)) {
            n++;
            String line = stripComment(raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (inReplaceBlock) {
                if (line.equals(")")) {
                    inReplaceBlock = false;
                } else {
                    checkReplacement(line, n);
                }
                continue;
            }
            Matcher m = MODULE.matcher(line);
            if (m.matches()) {
                module = m.group(1).replace("\"", "");
                continue;
            }
            Matcher g = GO.matcher(line);
            if (g.matches()) {
                go = Optional.of(g.group(1));
                continue;
            }
            if (line.equals("replace (")) {
                inReplaceBlock = true;
            } else if (line.startsWith("replace ")) {
                checkReplacement(line.substring("replace ".length()), n);
            }
        }
        if (module == null || module.isBlank()) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED,
                    "go.mod has no module line: start it with 'module example.com/NAME'");
        }
        return new GoModule(module, go);
    }

    private static void checkReplacement(String spec, int line) {
        int arrow = spec.indexOf("=>");
        if (arrow < 0) {
            return;
        }
        String target = spec.substring(arrow + 2).strip().split("\\s+")[0].replace("\"", "");
        if (!LOCAL_PATH.matcher(target).matches()) {
            return;
        }
        String rel = stripDot(target);
        if (!target.startsWith("/") && rel.isEmpty()) {
            return;
        }
        if (target.startsWith("/") || EntryNames.normalise(rel).refused()) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "go.mod line " + line + ": replace => "
                    + target + " leaves the app; vendor the module (go mod vendor) or replace it with a directory"
                    + " inside the app");
        }
    }

    private static String stripDot(String p) {
        return p.equals(".") ? "" : p.startsWith("./") ? p.substring(2) : p;
    }

    private static String stripComment(String line) {
        int c = line.indexOf("//");
        return c < 0 ? line : line.substring(0, c);
    }

    /** The binary's name: the module path's last element, without a {@code /vN} major suffix. */
    public String binaryName() {
        String[] parts = path.split("/");
        String last = parts[parts.length - 1];
        if (parts.length > 1 && last.matches("v[0-9]+")) {
            last = parts[parts.length - 2];
        }
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "app" : safe;
    }

    /**
     * The package to build: {@value #PACKAGE_ENV} from the app's environment, default {@code .};
     * one relative package path inside the app ({@code ./cmd/server}).
     */
    public static String packageSpec(Map<String, String> env) {
        String v = env.getOrDefault(PACKAGE_ENV, ".").strip();
        if (v.isEmpty() || v.equals(".")) {
            return ".";
        }
        String rel = v.startsWith("./") ? v.substring(2) : v;
        EntryNames.Result r = EntryNames.normalise(rel);
        if (r.refused() || v.startsWith("-") || v.contains(" ") || rel.isEmpty()) {
            throw new StagingException(StagingException.Reason.INVALID_REQUEST, PACKAGE_ENV + " '" + v
                    + "': name one package directory inside the app, e.g. ./cmd/server");
        }
        return "./" + r.path().orElse(rel);
    }

    /**
     * The toolchain's environment from the app's: {@link #PASSED_ENV} as given, {@code GOPROXY}
     * defaulting to {@value #DEFAULT_GOPROXY}.
     */
    public static Map<String, String> toolEnv(Map<String, String> appEnv) {
        Map<String, String> out = new TreeMap<>();
        for (String name : PASSED_ENV) {
            String v = appEnv.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        out.putIfAbsent("GOPROXY", DEFAULT_GOPROXY);
        return out;
    }

    /**
     * {@code go build}'s arguments: reproducible (no paths, no VCS stamp, no build id) and without
     * the symbol table and DWARF (panics still print their stack: that is the pcln table).
     */
    public static List<String> buildArgs(boolean vendor, String output, String packageSpec) {
        List<String> args = new ArrayList<>(List.of("build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid="));
        if (vendor) {
            args.add("-mod=vendor");
        }
        args.addAll(List.of("-o", output, packageSpec));
        return args;
    }
}
