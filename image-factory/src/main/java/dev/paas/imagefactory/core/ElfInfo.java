package dev.paas.imagefactory.core;

import java.util.List;
import java.util.Optional;

/**
 * What the dynamic loader needs from one ELF file's headers.
 *
 * @param type        how the file can be used
 * @param interpreter {@code PT_INTERP}: the dynamic loader a dynamically linked executable names
 * @param needed      {@code DT_NEEDED} entries, in order
 * @param rpath       {@code DT_RPATH} directories (ignored by the loader when {@code runpath} is set)
 * @param runpath     {@code DT_RUNPATH} directories
 * @param soname      {@code DT_SONAME}
 */
public record ElfInfo(Type type, Optional<String> interpreter, List<String> needed, List<String> rpath,
                      List<String> runpath, Optional<String> soname) {

    public enum Type {
        /** ET_EXEC, or ET_DYN marked PIE without an interpreter: runs with no loader. */
        STATIC_EXECUTABLE,
        /** An executable with {@code PT_INTERP}: needs the loader and its libraries. */
        DYNAMIC_EXECUTABLE,
        /** ET_DYN without an interpreter: a library. */
        SHARED_LIBRARY,
        /** Relocatable objects, core dumps. */
        OTHER
    }

    public ElfInfo {
        needed = List.copyOf(needed);
        rpath = List.copyOf(rpath);
        runpath = List.copyOf(runpath);
    }

    public boolean isExecutable() {
        return type == Type.STATIC_EXECUTABLE || type == Type.DYNAMIC_EXECUTABLE;
    }

    public boolean isDynamic() {
        return interpreter.isPresent() || !needed.isEmpty();
    }
}
