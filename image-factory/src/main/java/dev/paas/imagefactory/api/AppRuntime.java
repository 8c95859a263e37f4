package dev.paas.imagefactory.api;

import java.util.Locale;
import java.util.Optional;

/** The runtimes the buildpacks produce; the buildpack of each has the same name. */
public enum AppRuntime {
    /** An executable JAR on a jlink'd JRE. */
    JAVA,
    /** An ELF executable, with its interpreter and shared libraries when dynamically linked. */
    NATIVE,
    /** A static site served by paas-httpd. */
    STATIC,
    /** A Go module, built at staging into a static binary. */
    GO,
    /** A Node.js app on Debian's node, its npm dependencies installed at staging. */
    NODE,
    /** A Python app on Debian's python3, its pip dependencies installed at staging. */
    PYTHON;

    /** The lower-case name used in manifests ({@code buildpacks: [java]}) and metadata. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Accepts the manifest names, also Cloud Foundry's ({@code java_buildpack}, {@code staticfile_buildpack}...). */
    public static Optional<AppRuntime> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.endsWith("_buildpack")) {
            n = n.substring(0, n.length() - "_buildpack".length());
        }
        return switch (n) {
            case "java" -> Optional.of(JAVA);
            case "native", "binary" -> Optional.of(NATIVE);
            case "static", "staticfile" -> Optional.of(STATIC);
            case "go" -> Optional.of(GO);
            case "node" -> Optional.of(NODE);
            case "python" -> Optional.of(PYTHON);
            default -> Optional.empty();
        };
    }
}
