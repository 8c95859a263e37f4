package dev.paas.api.infra;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content-addressed files on local disk: packages under {@code packages/<sha256>}, images under
 * {@code images/} (kept by the image factory's store). Writes go to a temporary file first and
 * are renamed into place, so a reader never sees half a blob and a failed write leaves nothing.
 * (One control plane per data directory; several replicas need a shared store, see README.)
 */
@ApplicationScoped
public class BlobStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private final Path root;

    public BlobStore(PaasConfig config) {
        this.root = config.storage().dir().map(Path::of).orElse(ControlPlaneMain.dataDir().resolve("blobs")).toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    public Path imagesDir() {
        return root.resolve("images");
    }

    public static boolean isSha256(String s) {
        return s != null && SHA256.matcher(s).matches();
    }

    public Optional<Path> findPackage(String sha256) {
        if (!isSha256(sha256)) {
            return Optional.empty();
        }
        Path p = root.resolve("packages").resolve(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The outcome of {@link #storePackage}. */
    public record Stored(String sha256, long bytes) {
    }

    /** Thrown when a stream is longer than allowed; nothing was kept. */
    public static final class TooLarge extends IOException {
        public TooLarge(long limit) {
            super("larger than " + limit + " bytes");
        }
    }

    /**
     * Copies {@code in} into the store, at most {@code maxBytes}. When {@code expectedSha256} is
     * given and differs from the content's, nothing is kept and the result carries the actual one.
     */
    public Stored storePackage(InputStream in, long maxBytes, String expectedSha256) throws IOException {
        Path dir = Files.createDirectories(root.resolve("packages"));
        Path tmp = Files.createTempFile(dir, ".upload-", ".tmp");
        try {
            MessageDigest md = sha256();
            long n = 0;
            try (InputStream din = new DigestInputStream(in, md); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[64 * 1024];
                int r;
                while ((r = din.read(buf)) >= 0) {
                    n += r;
                    if (n > maxBytes) {
                        throw new TooLarge(maxBytes);
                    }
                    out.write(buf, 0, r);
                }
            }
            String actual = HexFormat.of().formatHex(md.digest());
            if (expectedSha256 != null && !expectedSha256.equals(actual)) {
                return new Stored(actual, n);
            }
            Files.move(tmp, dir.resolve(actual), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Stored(actual, n);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
