package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * OCI blobs (layers, configs) cached by digest under {@code <cache>/oci/blobs/sha256/<hex>}, shared
 * by every push. A blob is written to a temporary file while its sha256 is computed, and renamed
 * into place only when digest and size match: the cache never holds a blob that does not match
 * its name.
 */
final class OciBlobs {

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private final Path dir;

    OciBlobs(Path cacheDir) {
        this.dir = cacheDir.resolve("oci").resolve("blobs").resolve("sha256");
    }

    static void checkDigest(String digest) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED,
                    "unsupported digest '" + digest + "': only sha256:<64 hex> is accepted");
        }
    }

    Path path(String digest) {
        checkDigest(digest);
        return dir.resolve(digest.substring("sha256:".length()));
    }

    Optional<Path> find(String digest) {
        Path p = path(digest);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * Streams {@code in} into the cache as {@code digest}.
     *
     * @param size the declared size, or -1 when unknown
     * @throws StagingException when the content's digest or size is not the declared one (nothing is kept)
     */
    Path put(String digest, long size, InputStream in, String what) throws IOException {
        Path target = path(digest);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".tmp-", "");
        try {
            MessageDigest sha = sha256();
            long n = 0;
            try (InputStream din = new DigestInputStream(in, sha); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[256 * 1024];
                for (int r; (r = din.read(buf)) > 0; ) {
                    out.write(buf, 0, r);
                    n += r;
                    if (size >= 0 && n > size) {
                        throw new StagingException(StagingException.Reason.BUILD_FAILED,
                                what + " " + digest + " is larger than its declared " + size + " bytes");
                    }
                }
            }
            String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
            if (!actual.equals(digest)) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, what + " " + digest
                        + " does not match its digest (got " + actual + "): the registry or the archive served corrupt data");
            }
            if (size >= 0 && n != size) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED,
                        what + " " + digest + " has " + n + " bytes, " + size + " declared");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String digestOf(byte[] data) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(data));
    }
}
