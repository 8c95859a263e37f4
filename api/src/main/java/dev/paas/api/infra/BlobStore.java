package dev.paas.api.infra;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterOutputStream;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Content-addressed files on local disk: packages under {@code packages/<sha256>}, images under
 * {@code images/} (kept by the image factory's store). Writes go to a temporary file first and
 * are renamed into place, so a reader never sees half a blob and a failed write leaves nothing.
 * (One control plane per data directory; several replicas need a shared store, see README.)
 */
@ApplicationScoped
public class BlobStore {

    private static final Logger LOG = Logger.getLogger(BlobStore.class);
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

    /** The store itself failed (not writable, full): the message names the path and the reason. Nothing was kept. */
    public static final class StorageFailure extends IOException {
        public StorageFailure(String what, IOException cause) {
            super(what + ": " + StorageErrors.describe(cause), cause);
        }
    }

    /**
     * Copies {@code in} into the store, at most {@code maxBytes}. When {@code expectedSha256} is
     * given and differs from the content's, nothing is kept and the result carries the actual one.
     * A failure of the store is a {@link StorageFailure}; one reading {@code in} passes as it is.
     */
    public Stored storePackage(InputStream in, long maxBytes, String expectedSha256) throws IOException {
        Path dir = root.resolve("packages");
        Path tmp;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".upload-", ".tmp");
        } catch (IOException e) {
            throw new StorageFailure("cannot write to the package store " + dir, e);
        }
        try {
            MessageDigest md = sha256();
            long n = 0;
            try (InputStream din = new DigestInputStream(in, md); OutputStream out = storeSide(Files.newOutputStream(tmp), tmp)) {
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
            try {
                Files.move(tmp, dir.resolve(actual), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new StorageFailure("cannot write to the package store " + dir, e);
            }
            return new Stored(actual, n);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.warnf("blobs.cleanup-failed file=%s error=%s", tmp, StorageErrors.describe(e));
            }
        }
    }

    /** Removes a stored package's bits (the orphan sweep); false when they were not there. */
    public boolean deletePackage(String sha256) throws IOException {
        return isSha256(sha256) && Files.deleteIfExists(root.resolve("packages").resolve(sha256));
    }

    /** Every package digest in the store, with its file's last change. */
    public Map<String, Instant> packages() throws IOException {
        Path dir = root.resolve("packages");
        Map<String, Instant> out = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (isSha256(name)) {
                    out.put(name, Files.getLastModifiedTime(f).toInstant());
                }
            }
        }
        return out;
    }

    /** Writes through to {@code out}, turning its failures into {@link StorageFailure}s naming {@code file}. */
    private static OutputStream storeSide(OutputStream out, Path file) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw new StorageFailure("cannot write " + file, e);
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new StorageFailure("cannot write " + file, e);
                }
            }
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
