package dev.paas.imagefactory.core;

import java.util.Optional;

/**
 * Facts about one file of the unpacked app, gathered by infra for detection.
 *
 * @param path       relative to the app directory, {@code /}-separated
 * @param kind       file, directory or symbolic link
 * @param size       bytes (files)
 * @param executable the owner execute bit is set
 * @param elf        ELF facts when the file is an ELF file
 * @param jar        manifest facts when the file is a JAR (or {@code META-INF/MANIFEST.MF} itself)
 */
public record AppFile(String path, Kind kind, long size, boolean executable, Optional<ElfInfo> elf,
                      Optional<JarFacts> jar) {

    public enum Kind { FILE, DIRECTORY, SYMLINK }

    /** True for files directly in the app directory. */
    public boolean atTop() {
        return !path.contains("/");
    }

    public static AppFile file(String path, long size) {
        return new AppFile(path, Kind.FILE, size, false, Optional.empty(), Optional.empty());
    }

    public AppFile withElf(ElfInfo info) {
        return new AppFile(path, kind, size, executable, Optional.of(info), jar);
    }

    public AppFile withJar(JarFacts facts) {
        return new AppFile(path, kind, size, executable, elf, Optional.of(facts));
    }

    public AppFile withExecutable(boolean v) {
        return new AppFile(path, kind, size, v, elf, jar);
    }
}
