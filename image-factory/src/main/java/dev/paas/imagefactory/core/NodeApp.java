package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.StagingException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the node buildpack decides from package.json's facts, before any tool runs: whether the
 * platform's node meets {@code engines.node}, the start command, and the environment npm gets.
 *
 * @param enginesNode {@code engines.node}
 * @param startScript {@code scripts.start}
 * @param main        {@code main}
 */
public record NodeApp(Optional<String> enginesNode, Optional<String> startScript, Optional<String> main) {

    /** Where node is in every node image (the guest's default PATH finds it). */
    public static final String NODE = "/usr/bin/node";
    /**
     * The app's npm settings that are not passed on: they would make npm read or run files of the
     * build host ({@code userconfig}, {@code globalconfig}, {@code script-shell}...), write
     * outside its scratch directory ({@code cache}, {@code prefix}) or run install scripts.
     */
    static final Set<String> REFUSED_NPM_CONFIG = Set.of("userconfig", "globalconfig", "cache", "prefix",
            "script_shell", "ignore_scripts", "onload_script", "globalignorefile", "node_options", "init_module",
            "git", "shell", "editor", "browser", "viewer", "tmp");

    /** The start command, as npm start and Cloud Foundry choose it. */
    public record Start(String command, String source) {}

    /**
     * @throws StagingException {@code BUILD_FAILED} when the range is malformed or this node is outside it
     */
    public void checkEngines(String nodeVersion) {
        if (enginesNode.isEmpty() || enginesNode.get().isBlank()) {
            return;
        }
        SemverRange range;
        try {
            range = SemverRange.parse(enginesNode.get());
        } catch (IllegalArgumentException e) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "package.json engines.node: " + e.getMessage());
        }
        if (!range.satisfiedBy(SemverRange.Version.parse(nodeVersion))) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "package.json engines.node '" + range
                    + "' cannot be met: this platform's node is " + nodeVersion
                    + "; widen the range (e.g. >=" + SemverRange.Version.parse(nodeVersion).major() + ") or remove it");
        }
    }

    /**
     * Procfile {@code web:}, then {@code scripts.start}, then {@code node MAIN}, then
     * {@code node server.js} or {@code node index.js} when the file exists.
     *
     * @param procfileWeb the Procfile's web command, if any
     * @param topFiles    names of the files at the top of the app
     */
    public Optional<Start> start(Optional<String> procfileWeb, Set<String> topFiles, Set<String> allFiles) {
        if (procfileWeb.isPresent()) {
            return Optional.of(new Start(procfileWeb.get(), "Procfile"));
        }
        if (startScript.isPresent() && !startScript.get().isBlank()) {
            return Optional.of(new Start(startScript.get().strip(), "scripts.start"));
        }
        if (main.isPresent() && !main.get().isBlank()) {
            String m = main.get().strip();
            EntryNames.Result r = EntryNames.normalise(m);
            if (r.refused()) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, "package.json main '" + m + "': " + r.rule().get());
            }
            String file = r.path().get();
            if (!allFiles.contains(file) && allFiles.contains(file + ".js")) {
                file = file + ".js";
            }
            return Optional.of(new Start("node " + file, "main"));
        }
        for (String f : List.of("server.js", "index.js")) {
            if (topFiles.contains(f)) {
                return Optional.of(new Start("node " + f, f));
            }
        }
        return Optional.empty();
    }

    /** The app's {@code npm_config_*} (any case), less {@link #REFUSED_NPM_CONFIG}, as npm reads them. */
    public static Map<String, String> npmEnv(Map<String, String> appEnv) {
        Map<String, String> out = new TreeMap<>();
        appEnv.forEach((k, v) -> {
            String lower = k.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("npm_config_")) {
                String key = lower.substring("npm_config_".length()).replace('-', '_');
                if (!REFUSED_NPM_CONFIG.contains(key)) {
                    out.put(k, v);
                }
            }
        });
        return out;
    }

    /**
     * Refuses dependencies on local paths ({@code file:}, {@code link:}, {@code ./x},
     * {@code /x}, {@code ~/x}): npm runs in a directory of its own, where an app path means
     * nothing and a host path would copy the build host's files into the image.
     *
     * @param specs dependency name to its version spec, from {@code dependencies},
     *              {@code optionalDependencies} and {@code peerDependencies}
     */
    public static void checkDependencySpecs(Map<String, String> specs) {
        new TreeMap<>(specs).forEach((name, spec) -> {
            String s = spec.strip();
            if (s.startsWith("file:") || s.startsWith("link:") || s.startsWith("/") || s.startsWith("./")
                    || s.startsWith("../") || s.startsWith("~") || s.equals(".") || s.equals("..")) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, "package.json: dependency " + name
                        + " is the local path '" + s + "'; local dependencies are not installed at staging: push"
                        + " node_modules with the app, or depend on a published version");
            }
        });
    }

    /**
     * The same for a lockfile: every package must come from the registry (or a URL), none
     * from a path ({@code link: true}, {@code resolved: file:...}, a key outside node_modules).
     *
     * @param packages key of {@code packages} to its {@code resolved} (or "" when none) and its {@code link} flag
     */
    public static void checkLockfileEntries(String lockfile, Map<String, Map.Entry<String, Boolean>> packages) {
        new TreeMap<>(packages).forEach((key, v) -> {
            boolean local = v.getValue() || v.getKey().startsWith("file:")
                    || (!key.isEmpty() && !key.startsWith("node_modules/"));
            if (local) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, lockfile + ": '" + key
                        + "' is a local path; local dependencies are not installed at staging: push node_modules"
                        + " with the app, or depend on a published version");
            }
        });
    }

    /** The message when nothing says how to start the app. */
    public static final String NO_START = "package.json has no scripts.start or main, and there is no Procfile"
            + " (web: ...), server.js or index.js: say how to start the app";
}
