package dev.paas.cli.infra;

import dev.paas.cli.core.CliException;
import dev.paas.cli.core.Progress;
import dev.paas.cli.core.Text;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An app's bits ready to upload: a single file as it is (a jar, a native binary, one page), or a
 * directory packed into a zip. The zip is reproducible (sorted entries, fixed times) so that the
 * same directory always has the same sha256 and the control plane can skip an unchanged upload.
 *
 * @param file   what to send (the original file, or a temporary zip)
 * @param zipped whether {@code file} is a zip made here (to be deleted after the upload)
 */
public record Bits(Path file, String sha256, long size, boolean zipped) {

    /** What {@code cf} leaves out of a pushed directory, for the same reasons (VCS, OS litter). */
    static final Set<String> IGNORED = Set.of(".git", ".hg", ".svn", "_darcs", ".DS_Store", ".cfignore", ".gitignore",
            "manifest.yml", "manifest.yaml");

    /** 1980-01-01, the earliest time a zip can hold: every entry gets it. */
    private static final long FIXED_TIME = 315532800000L;

    public static Bits of(Path path, Progress progress) {
        try {
            if (Files.isDirectory(path)) {
                return zip(path, progress);
            }
            long size = Files.size(path);
            return new Bits(path, sha256(path), size, false);
        } catch (IOException e) {
            throw new CliException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Removes the temporary zip, if one was made. */
    public void discard() {
        if (zipped) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    private static Bits zip(Path dir, Progress progress) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> !p.equals(dir)).filter(p -> !ignored(dir, p))
                    .filter(p -> Files.isRegularFile(p) || Files.isDirectory(p))
                    .sorted().toList();
        }
        refuseLinksOut(dir, files);
        long total = 0;
        for (Path p : files) {
            total += Files.isRegularFile(p) ? Files.size(p) : 0;
        }
        progress.start("packing " + dir.getFileName(), total);
        Path zip = Files.createTempFile("paas-bits", ".zip");
        try (OutputStream os = Files.newOutputStream(zip); ZipArchiveOutputStream out = new ZipArchiveOutputStream(os)) {
            byte[] buf = new byte[64 * 1024];
            for (Path p : files) {
                boolean directory = Files.isDirectory(p);
                String name = dir.relativize(p).toString().replace('\\', '/') + (directory ? "/" : "");
                ZipArchiveEntry e = new ZipArchiveEntry(name);
                e.setTime(FIXED_TIME);
                // Unix modes (made by Unix): the image factory keeps an executable's execute bit.
                e.setUnixMode(directory ? 040755 : 0100000 | (Files.isExecutable(p) ? 0755 : 0644));
                out.putArchiveEntry(e);
                if (Files.isRegularFile(p)) {
                    try (InputStream in = Files.newInputStream(p)) {
                        for (int n; (n = in.read(buf)) > 0; ) {
                            out.write(buf, 0, n);
                            progress.advance(n);
                        }
                    }
                }
                out.closeArchiveEntry();
            }
        } catch (IOException e) {
            Files.deleteIfExists(zip);
            throw e;
        }
        long size = Files.size(zip);
        progress.done("packed " + files.size() + (files.size() == 1 ? " entry, " : " entries, ") + Text.bytes(size));
        return new Bits(zip, sha256(zip), size, true);
    }

    /**
     * A symbolic link whose target is outside {@code dir} would upload (and serve) a file from
     * elsewhere on the pusher's disk: refused by name. Links inside the directory are fine (their
     * targets are packed as files); a dangling link is left out, as it has nothing to pack.
     */
    private static void refuseLinksOut(Path dir, List<Path> files) throws IOException {
        Path root = dir.toRealPath();
        for (Path p : files) {
            if (!Files.isSymbolicLink(p)) {
                continue;
            }
            Path target;
            try {
                target = p.toRealPath();
            } catch (java.nio.file.NoSuchFileException e) {
                continue;
            }
            if (!target.startsWith(root)) {
                throw new CliException("-p: " + dir.relativize(p) + " in " + dir + " is a symbolic link to " + target
                        + ", outside the pushed directory; paas push uploads only what is inside it (copy the file "
                        + "in, or remove the link)", CliException.USAGE);
            }
        }
    }

    private static boolean ignored(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (IGNORED.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
