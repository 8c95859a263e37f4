package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.core.JdepsFingerprint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Reads the class files jdeps reads, as its {@code ClassFileReader} does, into a
 * {@link JdepsFingerprint}: for a JAR, the {@code .class} entries of
 * {@link JarFile#versionedStream()} opened at jdeps' {@code --multi-release} version (for a
 * multi-release JAR the newest {@code META-INF/versions/N/} variant not above it, for any other
 * every entry as it is); for a directory, every {@code .class} file under it.
 */
final class ClassFiles {

    private ClassFiles() {}

    /**
     * @param app     a JAR or a directory of classes
     * @param release jdeps' {@code --multi-release} version
     */
    static JdepsFingerprint fingerprint(Path app, Runtime.Version release) throws IOException {
        JdepsFingerprint fp = new JdepsFingerprint();
        if (Files.isDirectory(app)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(app)) {
                files = walk.filter(p -> p.getFileName().toString().endsWith(".class") && Files.isRegularFile(p))
                        .sorted().toList();
            }
            for (Path p : files) {
                fp.add(app.relativize(p).toString().replace(app.getFileSystem().getSeparator(), "/"),
                        Files.readAllBytes(p));
            }
            return fp;
        }
        try (JarFile jar = new JarFile(app.toFile(), false, ZipFile.OPEN_READ, release)) {
            for (JarEntry e : (Iterable<JarEntry>) jar.versionedStream()::iterator) {
                if (!e.isDirectory() && e.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(e)) {
                        fp.add(e.getRealName(), in.readAllBytes());
                    }
                }
            }
        }
        return fp;
    }
}
