package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.core.AppFile;
import dev.paas.imagefactory.core.JarFacts;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Gathers the facts detection needs: every entry of the app directory, with ELF facts for the
 * files at the top and manifest facts for the JARs at the top and for an exploded
 * {@code META-INF/MANIFEST.MF}. Nothing is executed.
 */
final class AppScanner {

    private AppScanner() {}

    static List<AppFile> scan(Path appDir) throws IOException {
        List<AppFile> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(appDir)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(appDir)) {
                    continue;
                }
                String rel = appDir.relativize(p).toString();
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                AppFile.Kind kind = a.isSymbolicLink() ? AppFile.Kind.SYMLINK
                        : a.isDirectory() ? AppFile.Kind.DIRECTORY : AppFile.Kind.FILE;
                boolean exec = kind == AppFile.Kind.FILE
                        && Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE);
                AppFile f = new AppFile(rel, kind, a.size(), exec, Optional.empty(), Optional.empty());
                if (kind == AppFile.Kind.FILE && f.atTop()) {
                    f = ElfFiles.read(p).map(f::withElf).orElse(f);
                    if (rel.endsWith(".jar")) {
                        f = jarFacts(p).map(f::withJar).orElse(f);
                    }
                }
                if (kind == AppFile.Kind.FILE && rel.equals("META-INF/MANIFEST.MF")) {
                    try (InputStream in = Files.newInputStream(p)) {
                        Manifest m = new Manifest(in);
                        boolean boot = Files.isDirectory(appDir.resolve("BOOT-INF"));
                        f = f.withJar(facts(m, boot));
                    } catch (IOException | RuntimeException notAManifest) {
                        // not executable then
                    }
                }
                out.add(f);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Manifest facts of a JAR, or empty when it has no readable manifest. */
    static Optional<JarFacts> jarFacts(Path jar) {
        try (ZipFile zip = ZipFile.builder().setPath(jar).get()) {
            ZipArchiveEntry e = zip.getEntry("META-INF/MANIFEST.MF");
            if (e == null || e.getSize() > 1 << 20) {
                return Optional.empty();
            }
            Manifest m;
            try (InputStream in = zip.getInputStream(e)) {
                m = new Manifest(in);
            }
            boolean boot = zip.getEntry("BOOT-INF/") != null || zip.getEntries("BOOT-INF/classes/").iterator().hasNext()
                    || Collections.list(zip.getEntries()).stream().anyMatch(z -> z.getName().startsWith("BOOT-INF/"));
            return Optional.of(facts(m, boot));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static JarFacts facts(Manifest m, boolean bootLayout) {
        Attributes a = m.getMainAttributes();
        Optional<String> main = Optional.ofNullable(a.getValue(Attributes.Name.MAIN_CLASS)).map(String::strip);
        Optional<String> start = Optional.ofNullable(a.getValue("Start-Class")).map(String::strip);
        boolean boot = bootLayout || a.getValue("Spring-Boot-Version") != null
                || main.map(c -> c.startsWith("org.springframework.boot.loader.")).orElse(false);
        return new JarFacts(main, start, boot);
    }
}
