package dev.paas.imagefactory.api;

import dev.paas.pushrules.Buildpacks;
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

    /**
     * Accepts the manifest names, Cloud Foundry's too ({@code java_buildpack}, its git/zip URLs and
     * forks, {@code staticfile_buildpack}...), as the shared push rules read them; empty for a name
     * paas has no runtime for.
     */
    public static Optional<AppRuntime> fromName(String name) {
        return Buildpacks.resolve(name).runtime().map(id -> valueOf(id.toUpperCase(Locale.ROOT)));
    }
}
