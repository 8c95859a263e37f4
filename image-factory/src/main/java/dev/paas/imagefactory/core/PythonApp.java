package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.StagingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The python buildpack's decisions that need no tool: which files of Debian's standard library
 * an image keeps, whether {@code runtime.txt} accepts the platform's python, the requirement
 * lines of a {@code Pipfile.lock}, and pip's index arguments.
 */
public final class PythonApp {

    /** Where the dependencies go in the app layer; on {@code PYTHONPATH}. */
    public static final String PACKAGES_DIR = "/app/.python_packages";

    /** Top-level entries of the standard library an app never needs (tests, GUI, installers, the static library). */
    static final List<String> PRUNED_TOP = List.of("test", "tkinter", "turtledemo", "idlelib", "ensurepip",
            "lib2to3", "pydoc_data", "site-packages", "dist-packages", "EXTERNALLY-MANAGED", "turtle.py");
    private static final Pattern PRUNED_DYNLOAD = Pattern.compile("(_test|_ctypes_test|_xxtestfuzz|xxlimited|_tkinter).*");

    private PythonApp() {}

    /**
     * @param rel a path relative to {@code /usr/lib/python3.X}, {@code /}-separated
     * @return whether the pruned standard library keeps it (no tests, tkinter, ensurepip,
     *         idlelib, {@code __pycache__}: sources only, the image's python writes no bytecode)
     */
    public static boolean keepStdlib(String rel) {
        String[] parts = rel.split("/");
        if (PRUNED_TOP.contains(parts[0]) || parts[0].startsWith("config-")) {
            return false;
        }
        for (String p : parts) {
            if (p.equals("__pycache__") || p.equals("test") || p.equals("tests") || p.endsWith(".pyc")) {
                return false;
            }
        }
        return !(parts.length == 2 && parts[0].equals("lib-dynload") && PRUNED_DYNLOAD.matcher(parts[1]).matches());
    }

    private static final Pattern RUNTIME = Pattern.compile("python-(\\d+)(?:\\.(\\d+|x))?(?:\\.(\\d+|x))?");

    /**
     * Cloud Foundry's {@code runtime.txt}: {@code python-3.11.x}, {@code python-3.11}, {@code python-3.11.2}.
     *
     * @throws StagingException {@code BUILD_FAILED} when it is malformed or asks for another python
     */
    public static void checkRuntimeTxt(String text, String version) {
        String want = text.strip();
        Matcher m = RUNTIME.matcher(want);
        if (!m.matches()) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "runtime.txt '" + want
                    + "' is not a python version: write e.g. python-3.11.x");
        }
        String[] have = version.split("\\.");
        for (int g = 1; g <= 3; g++) {
            String w = m.group(g);
            if (w == null || w.equals("x")) {
                break;
            }
            if (g > have.length || !w.equals(have[g - 1])) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, "runtime.txt asks for " + want
                        + ": this platform's python is " + version + " (Debian's python3); ask for python-"
                        + have[0] + "." + have[1] + ".x or remove runtime.txt");
            }
        }
    }

    /** {@code name==version} lines of a Pipfile.lock's {@code default} section (name to its {@code version}). */
    public static List<String> pipfileRequirements(Map<String, Optional<String>> defaults) {
        List<String> out = new ArrayList<>();
        new java.util.TreeMap<>(defaults).forEach((name, version) -> {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, "Pipfile.lock: '" + name
                        + "' is not a package name");
            }
            String v = version.orElse("");
            if (!v.isEmpty() && !v.matches("[=<>!~]=?[A-Za-z0-9.*+!-]+")) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, "Pipfile.lock: " + name
                        + " has version '" + v + "'; expected e.g. ==1.2.3");
            }
            out.add(name + v);
        });
        return out;
    }

    private static final Pattern TOML_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'");

    /**
     * The {@code dependencies} array of a pyproject.toml's {@code [project]} table (PEP 621), as
     * requirement lines; the project itself is not built (that would run its build backend on
     * the build host).
     *
     * @throws StagingException {@code BUILD_FAILED} when the array is not closed or an entry is a pip option
     */
    public static List<String> pyprojectDependencies(String toml) {
        List<String> out = new ArrayList<>();
        boolean inProject = false;
        boolean inArray = false;
        StringBuilder array = new StringBuilder();
        for (String raw : toml.split("\r?\n")) {
            String line = withoutComment(raw).strip();
            if (inArray) {
                array.append(' ').append(line);
                if (closes(array)) {
                    inArray = false;
                    break;
                }
                continue;
            }
            if (line.startsWith("[")) {
                inProject = line.equals("[project]");
                continue;
            }
            if (inProject && line.matches("dependencies\\s*=.*")) {
                array.append(line.substring(line.indexOf('=') + 1).strip());
                if (!array.toString().startsWith("[")) {
                    throw new StagingException(StagingException.Reason.BUILD_FAILED,
                            "pyproject.toml: [project] dependencies must be an array of strings");
                }
                inArray = !closes(array);
                if (!inArray) {
                    break;
                }
            }
        }
        if (inArray) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED,
                    "pyproject.toml: [project] dependencies = [ is never closed with ]");
        }
        Matcher m = TOML_STRING.matcher(array);
        while (m.find()) {
            String req = (m.group(1) != null ? m.group(1) : m.group(2)).strip();
            if (req.startsWith("-") || req.contains("\n")) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, "pyproject.toml: dependency '" + req
                        + "' is not a requirement (pip options are not accepted there)");
            }
            if (!req.isEmpty()) {
                out.add(req);
            }
        }
        return out;
    }

    /** The line up to a {@code #} that is outside strings. */
    private static String withoutComment(String line) {
        int hash = outsideStrings(line, 0, '#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    /** Whether the array text (from its opening bracket) has its closing bracket outside strings. */
    private static boolean closes(CharSequence text) {
        return outsideStrings(text, 1, ']') >= 0;
    }

    /** The index of the first {@code target} at or after {@code from} outside TOML strings; -1 when none. */
    private static int outsideStrings(CharSequence text, int from, char target) {
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == target) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where pip looks: only {@code vendor/} ({@code --no-index --find-links}) when the app has
     * one, else the index of {@code PIP_INDEX_URL} (and {@code PIP_EXTRA_INDEX_URL},
     * {@code PIP_TRUSTED_HOST}) from the app's environment, else pip's default index.
     */
    public static List<String> indexArgs(boolean vendor, String vendorDir, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        if (vendor) {
            out.addAll(List.of("--no-index", "--find-links", vendorDir));
            return out;
        }
        add(out, "--index-url", env.get("PIP_INDEX_URL"));
        add(out, "--extra-index-url", env.get("PIP_EXTRA_INDEX_URL"));
        add(out, "--trusted-host", env.get("PIP_TRUSTED_HOST"));
        return out;
    }

    private static void add(List<String> out, String flag, String value) {
        if (value != null && !value.isBlank()) {
            for (String v : value.strip().split("\\s+")) {
                out.add(flag);
                out.add(v);
            }
        }
    }

    private static final Pattern FILE_OPTION = Pattern.compile(
            "^(-r|-c|-f|-e|--requirement|--constraint|--find-links|--editable)(?:\\s*=\\s*|\\s+|(?=[^-\\s]))(\\S+).*");

    /**
     * Checks the paths one requirements file names ({@code -r}, {@code -c}, {@code -f},
     * {@code -e}, {@code file:} URLs, local paths): each must stay inside the app, or pip would
     * read the build host's files (and print them in its errors).
     *
     * @param dir the file's directory relative to the app ({@code ""} at the top)
     * @return the app-relative requirements and constraints files it includes, to check in turn
     * @throws StagingException {@code BUILD_FAILED} naming the file, the line and the path
     */
    public static List<String> requirementIncludes(String text, String file, String dir) {
        List<String> includes = new ArrayList<>();
        int n = 0;
        for (String raw : text.split("\r?\n")) {
            n++;
            String line = raw.strip();
            int hash = line.indexOf(" #");
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = FILE_OPTION.matcher(line);
            String path = null;
            boolean include = false;
            if (m.matches()) {
                path = m.group(2);
                include = List.of("-r", "-c", "--requirement", "--constraint").contains(m.group(1));
            } else if (line.startsWith("file:") || line.startsWith(".") || line.startsWith("/") || line.startsWith("~")) {
                path = line.split("[\\s;]")[0];
            } else if (line.contains("@ file:")) {
                path = line.substring(line.indexOf("@ file:") + 2).strip().split("[\\s;]")[0];
            }
            if (path == null || path.matches("(?i)https?://.*")) {
                continue;
            }
            String local = path.replaceFirst("^file://(localhost)?", "").replaceFirst("^file:", "");
            String joined = dir.isEmpty() ? local : dir + "/" + local;
            EntryNames.Result r = EntryNames.normalise(joined);
            if (local.startsWith("/") || local.startsWith("~") || r.refused()) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, file + " line " + n + ": '" + path
                        + "' is outside the app; requirements may name only files of the app");
            }
            if (include) {
                includes.add(r.path().get());
            }
        }
        return includes;
    }

    /** The message when nothing says how to start the app. */
    public static final String NO_START = "a python app needs a start command: a Procfile with 'web: python app.py',"
            + " or the app's command";
}
