package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.core.ElfInfo;
import dev.paas.imagefactory.core.LibrarySearch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shared-library closure of a set of ELF files, found the way the host's dynamic loader
 * would find it ({@link LibrarySearch}): each file's {@code PT_INTERP} and {@code DT_NEEDED},
 * recursively. Libraries inside the image's own trees (the app, the JRE) stay where they are;
 * host libraries are copied to the path the guest's loader will search: the path they were found
 * at when that directory is on the loader's built-in list or named by the object's RPATH /
 * RUNPATH, else the first built-in directory (the guest has no {@code ld.so.cache}).
 */
final class LibraryResolver {

    /** A host file to copy into the image. */
    record HostLibrary(String imagePath, Path hostFile) {}

    /** The closure: host files to copy, and names nothing provided. */
    record Closure(List<HostLibrary> libraries, List<String> missing) {}

    private final List<String> confDirs;

    LibraryResolver(List<String> confDirs) {
        this.confDirs = List.copyOf(confDirs);
    }

    /** Reads the host's {@code /etc/ld.so.conf} with its includes. */
    static LibraryResolver forHost() {
        return new LibraryResolver(readConf(Path.of("/etc/ld.so.conf"), new HashSet<>()));
    }

    private static List<String> readConf(Path file, Set<Path> seen) {
        List<String> dirs = new ArrayList<>();
        if (!Files.isRegularFile(file) || !seen.add(file)) {
            return dirs;
        }
        try {
            for (String entry : LibrarySearch.parseLdSoConf(Files.readString(file))) {
                if (entry.startsWith("include:")) {
                    Path pattern = Path.of(entry.substring("include:".length()));
                    Path dir = pattern.getParent();
                    if (dir == null || !Files.isDirectory(dir)) {
                        continue;
                    }
                    List<Path> matches = new ArrayList<>();
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, pattern.getFileName().toString())) {
                        ds.forEach(matches::add);
                    }
                    matches.stream().sorted().forEach(m -> dirs.addAll(readConf(m, seen)));
                } else {
                    dirs.add(entry);
                }
            }
        } catch (IOException e) {
            // an unreadable conf file contributes nothing, as for the loader
        }
        return dirs;
    }

    /**
     * @param roots     ELF files by their host path, mapped to their path in the image
     * @param ownTrees  host directories already in the image, mapped to their image path (the
     *                  JRE, the app): libraries found there are not copied
     */
    Closure resolve(Map<Path, String> roots, Map<Path, String> ownTrees) {
        Map<String, HostLibrary> copy = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        Set<Path> visited = new HashSet<>();
        Deque<Path> queue = new ArrayDeque<>(new TreeMap<>(roots).keySet());
        while (!queue.isEmpty()) {
            Path obj = queue.removeFirst();
            if (!visited.add(obj)) {
                continue;
            }
            Optional<ElfInfo> info = ElfFiles.read(obj);
            if (info.isEmpty()) {
                continue;
            }
            ElfInfo elf = info.get();
            if (elf.interpreter().isPresent()) {
                String interp = elf.interpreter().get();
                Path host = Path.of(interp);
                if (Files.isRegularFile(host)) {
                    copy.putIfAbsent(interp, new HostLibrary(interp, real(host)));
                    queue.add(host);
                } else {
                    missing.add(interp + " (loader of " + obj.getFileName() + ")");
                }
            }
            String origin = obj.toAbsolutePath().getParent().toString();
            for (String name : elf.needed()) {
                Optional<String> found = LibrarySearch.candidates(elf, origin, confDirs, name).stream()
                        .filter(c -> ElfFiles.read(Path.of(c)).isPresent())
                        .findFirst();
                if (found.isEmpty()) {
                    missing.add(name + " (needed by " + obj.getFileName() + ")");
                    continue;
                }
                Path host = Path.of(found.get());
                queue.add(host);
                if (inOwnTree(host, ownTrees)) {
                    continue;
                }
                String imagePath = imagePathFor(found.get(), elf, origin);
                copy.putIfAbsent(imagePath, new HostLibrary(imagePath, real(host)));
            }
        }
        return new Closure(List.copyOf(copy.values()), missing.stream().distinct().toList());
    }

    private static String imagePathFor(String found, ElfInfo elf, String origin) {
        String dir = found.substring(0, found.lastIndexOf('/'));
        String name = found.substring(found.lastIndexOf('/') + 1);
        boolean loaderFinds = LibrarySearch.DEFAULT_DIRS.contains(dir)
                || elf.runpath().stream().map(d -> LibrarySearch.normalise(LibrarySearch.expand(d, origin))).anyMatch(dir::equals)
                || elf.rpath().stream().map(d -> LibrarySearch.normalise(LibrarySearch.expand(d, origin))).anyMatch(dir::equals);
        return loaderFinds ? found : LibrarySearch.DEFAULT_DIRS.get(0) + "/" + name;
    }

    private static boolean inOwnTree(Path host, Map<Path, String> ownTrees) {
        Path abs = host.toAbsolutePath().normalize();
        return ownTrees.keySet().stream().anyMatch(t -> abs.startsWith(t.toAbsolutePath().normalize()));
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    /** ELF files under {@code dir} mapped to their image path under {@code imageDir}. */
    static Map<Path, String> elfFilesUnder(Path dir, String imageDir) throws IOException {
        Map<Path, String> out = new LinkedHashMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted().toList()) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && ElfFiles.isElf(p)) {
                    out.put(p, imageDir + "/" + dir.relativize(p));
                }
            }
        }
        return out;
    }
}
