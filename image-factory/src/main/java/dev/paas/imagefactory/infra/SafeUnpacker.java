package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.UnpackLimits;
import dev.paas.imagefactory.core.EntryNames;
import dev.paas.imagefactory.core.UnpackBudget;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Turns a package into an app directory, refusing anything unsafe: names that leave the
 * directory (zip-slip), symbolic links that point outside it, device files, FIFOs and sockets,
 * and packages over the size, entry-count or compression-ratio limits (checked against the
 * declared sizes first, then against the bytes actually inflated). Each refusal is a
 * {@link StagingException} with {@link StagingException.Reason#UNSAFE_PACKAGE} naming the entry
 * and the rule; the caller deletes the directory.
 *
 * <p>Inputs: a zip (unpacked); an executable JAR (checked the same way, then kept whole as one
 * file, since the JVM reads it directly); any other single file (kept as it is, e.g. an ELF
 * executable); a directory (copied with the same rules).
 */
final class SafeUnpacker {

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    /** What the package was. */
    enum Kind { ZIP, JAR, FILE, DIRECTORY }

    record Outcome(Kind kind, int entries, long bytes) {}

    private final UnpackLimits limits;

    SafeUnpacker(UnpackLimits limits) {
        this.limits = limits;
    }

    Outcome unpack(Path source, Path appDir) throws IOException {
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new StagingException(StagingException.Reason.INVALID_REQUEST, "package not found: " + source);
        }
        Files.createDirectories(appDir);
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            return copyDirectory(source, appDir);
        }
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw refuse(source.getFileName().toString(), UnpackBudget.RULE_DEVICE);
        }
        if (isZip(source)) {
            return unzip(source, appDir);
        }
        String name = safeName(source.getFileName().toString());
        UnpackBudget budget = new UnpackBudget(limits);
        check(name, budget.countEntry());
        check(name, budget.declared(Files.size(source), -1));
        Path target = appDir.resolve(name);
        Files.copy(source, target);
        check(name, budget.wrote(Files.size(target)));
        makeExecutableIfElf(target);
        return new Outcome(Kind.FILE, 1, budget.totalBytes());
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K'
                    && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
        }
    }

    private Outcome unzip(Path source, Path appDir) throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(source).get();
        } catch (IOException e) {
            throw new StagingException(StagingException.Reason.UNSAFE_PACKAGE,
                    "package is not a readable zip: " + e.getMessage(), e);
        }
        try (zip) {
            boolean jar = isExecutableJar(zip);
            UnpackBudget budget = new UnpackBudget(limits);
            List<String[]> links = new ArrayList<>();
            Enumeration<ZipArchiveEntry> en = zip.getEntriesInPhysicalOrder();
            while (en.hasMoreElements()) {
                ZipArchiveEntry e = en.nextElement();
                String raw = e.getName();
                check(raw, budget.countEntry());
                EntryNames.Result r = EntryNames.normalise(raw);
                if (r.refused()) {
                    throw refuse(raw, r.rule().get());
                }
                String rel = r.path().get();
                int type = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? e.getUnixMode() & S_IFMT : 0;
                boolean dir = e.isDirectory() || type == S_IFDIR;
                if (type != 0 && type != S_IFREG && type != S_IFDIR && type != S_IFLNK) {
                    throw refuse(raw, UnpackBudget.RULE_DEVICE);
                }
                if (type == S_IFLNK) {
                    String target = zip.getUnixSymlink(e);
                    if (EntryNames.resolveLink(rel, target).isEmpty()) {
                        throw refuse(raw, UnpackBudget.RULE_SYMLINK + " (-> " + target + ")");
                    }
                    links.add(new String[] {rel, target});
                    continue;
                }
                check(raw, budget.declared(e.getSize(), e.getCompressedSize()));
                if (jar) {
                    // Kept whole: only the reading is checked (sizes, ratio), nothing is written.
                    if (!dir) {
                        drain(zip, e, raw, budget, null);
                    }
                    continue;
                }
                if (rel.isEmpty()) {
                    continue;
                }
                Path target = appDir.resolve(rel);
                if (dir) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (OutputStream os = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    drain(zip, e, raw, budget, os);
                } catch (FileAlreadyExistsException dup) {
                    throw refuse(raw, "duplicate entry");
                }
                if (type == S_IFREG && (e.getUnixMode() & 0100) != 0) {
                    executable(target);
                } else {
                    makeExecutableIfElf(target);
                }
            }
            if (jar) {
                String name = source.getFileName().toString().endsWith(".jar")
                        ? safeName(source.getFileName().toString()) : "app.jar";
                Files.copy(source, appDir.resolve(name));
                return new Outcome(Kind.JAR, budget.entries(), Files.size(source));
            }
            // Links last: no file is ever written through one, and each target is checked again
            // once everything exists (a chain of links may still lead outside).
            for (String[] link : links) {
                Path at = appDir.resolve(link[0]);
                Files.createDirectories(at.getParent());
                try {
                    Files.createSymbolicLink(at, Path.of(link[1]));
                } catch (FileAlreadyExistsException dup) {
                    throw refuse(link[0], "duplicate entry");
                }
            }
            Path realRoot = appDir.toRealPath();
            for (String[] link : links) {
                Path at = appDir.resolve(link[0]);
                if (Files.exists(at) && !at.toRealPath().startsWith(realRoot)) {
                    throw refuse(link[0], UnpackBudget.RULE_SYMLINK + " (-> " + link[1] + ")");
                }
            }
            return new Outcome(Kind.ZIP, budget.entries(), budget.totalBytes());
        }
    }

    private void drain(ZipFile zip, ZipArchiveEntry e, String raw, UnpackBudget budget, OutputStream os)
            throws IOException {
        byte[] buf = new byte[64 * 1024];
        long entryBytes = 0;
        try (InputStream in = zip.getInputStream(e)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                entryBytes += n;
                check(raw, budget.wrote(n));
                check(raw, budget.ratio(entryBytes, e.getCompressedSize()));
                if (os != null) {
                    os.write(buf, 0, n);
                }
            }
        } catch (StagingException s) {
            throw s;
        } catch (IOException | RuntimeException bad) {
            throw new StagingException(StagingException.Reason.UNSAFE_PACKAGE,
                    "entry '" + raw + "': cannot be read (" + bad.getMessage() + ")", bad);
        }
    }

    private static boolean isExecutableJar(ZipFile zip) throws IOException {
        ZipArchiveEntry m = zip.getEntry("META-INF/MANIFEST.MF");
        if (m == null || m.getSize() > 1 << 20) {
            return false;
        }
        try (InputStream in = zip.getInputStream(m)) {
            Manifest manifest = new Manifest(in);
            return manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS) != null;
        } catch (IOException | RuntimeException notAManifest) {
            return false;
        }
    }

    private Outcome copyDirectory(Path source, Path appDir) throws IOException {
        UnpackBudget budget = new UnpackBudget(limits);
        Path root = source.toRealPath();
        List<Path> all;
        try (Stream<Path> walk = Files.walk(source)) {
            all = walk.sorted().toList();
        }
        for (Path p : all) {
            if (p.equals(source)) {
                continue;
            }
            String rel = source.relativize(p).toString().replace('\\', '/');
            check(rel, budget.countEntry());
            Path target = appDir.resolve(rel);
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                String linkTarget = Files.readSymbolicLink(p).toString();
                Optional<String> inside = EntryNames.resolveLink(rel, linkTarget);
                boolean escapes = inside.isEmpty()
                        || (Files.exists(p) && !p.toRealPath().startsWith(root));
                if (escapes) {
                    throw refuse(rel, UnpackBudget.RULE_SYMLINK + " (-> " + linkTarget + ")");
                }
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, Path.of(linkTarget));
            } else if (a.isDirectory()) {
                Files.createDirectories(target);
            } else if (a.isRegularFile()) {
                check(rel, budget.declared(a.size(), -1));
                Files.createDirectories(target.getParent());
                Files.copy(p, target, LinkOption.NOFOLLOW_LINKS);
                check(rel, budget.wrote(a.size()));
            } else {
                throw refuse(rel, UnpackBudget.RULE_DEVICE);
            }
        }
        return new Outcome(Kind.DIRECTORY, budget.entries(), budget.totalBytes());
    }

    private static void check(String entry, Optional<String> broken) {
        if (broken.isPresent()) {
            throw refuse(entry, broken.get());
        }
    }

    static StagingException refuse(String entry, String rule) {
        return new StagingException(StagingException.Reason.UNSAFE_PACKAGE,
                "unsafe package: entry '" + printable(entry) + "': " + rule);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.length() > 200 ? b.substring(0, 200) + "..." : b.toString();
    }

    private static String safeName(String name) {
        EntryNames.Result r = EntryNames.normalise(name);
        if (r.refused() || r.path().get().isEmpty() || r.path().get().contains("/")) {
            throw refuse(name, r.rule().orElse("not a plain file name"));
        }
        return r.path().get();
    }

    private static void makeExecutableIfElf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            if (dev.paas.imagefactory.core.ElfParser.isElf(head)) {
                executable(file);
            }
        }
    }

    private static void executable(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        perms.add(PosixFilePermission.OWNER_EXECUTE);
        perms.add(PosixFilePermission.GROUP_EXECUTE);
        perms.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(file, perms);
    }
}
