package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.ImageStore;
import dev.paas.imagefactory.api.PendingImage;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.StoredImage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Images in a directory: {@code <root>/sha256/<hex>/} holds the kernel, the initramfs,
 * {@code image.json} and, for a large image, its root disk ({@code root.erofs}). An image is assembled in {@code <root>/.tmp-*} and renamed into place in
 * one step, so readers (and other processes) see all of it or nothing; a failed put deletes its
 * temporary directory. Thread-safe.
 */
public final class FileImageStore implements ImageStore {

    private final Path root;

    public FileImageStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public StoredImage put(PendingImage image) {
        checkDigest(image.digest());
        Path dir = dirOf(image.digest());
        Optional<StoredImage> existing = find(image.digest());
        if (existing.isPresent()) {
            return existing.get();
        }
        Path tmp = null;
        try {
            Files.createDirectories(dir.getParent());
            tmp = Files.createTempDirectory(root, ".tmp-");
            Files.move(image.kernel(), tmp.resolve(image.kernel().getFileName()));
            Files.move(image.initramfs(), tmp.resolve(image.initramfs().getFileName()));
            if (image.rootDisk() != null) {
                Files.move(image.rootDisk(), tmp.resolve(image.rootDisk().getFileName()));
            }
            Files.write(tmp.resolve(ImageJson.FILE_NAME), image.manifest());
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException raced) {
                // another build stored the same digest meanwhile: same bytes, keep theirs
            }
            return find(image.digest()).orElseThrow(() -> new IOException("image vanished after it was stored"));
        } catch (IOException | RuntimeException e) {
            throw new StagingException(StagingException.Reason.STORE_FAILED,
                    "cannot store image " + image.digest() + " in " + root + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                Trees.deleteTree(tmp);
            }
        }
    }

    @Override
    public Optional<StoredImage> find(String digest) {
        if (!ImageJson.DIGEST.matcher(digest).matches()) {
            return Optional.empty();
        }
        Path dir = dirOf(digest);
        Path manifest = dir.resolve(ImageJson.FILE_NAME);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(manifest);
            if (!ImageJson.digest(bytes).equals(digest)) {
                throw new IllegalStateException("image.json of " + digest + " does not match its digest");
            }
            ImageMetadata m = ImageJson.parse(bytes);
            return Optional.of(new StoredImage(digest, m, dir.resolve(m.kernel().name()),
                    dir.resolve(m.initramfs().name()), manifest,
                    Optional.ofNullable(m.rootDisk()).map(d -> dir.resolve(d.file()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Re-hashes the kernel, the initramfs and the root disk against {@code image.json}. */
    public boolean verify(String digest) {
        return find(digest).map(img -> sha256(img.kernel()).equals(img.metadata().kernel().sha256())
                && sha256(img.initramfs()).equals(img.metadata().initramfs().sha256())
                && img.rootDisk().map(d -> sha256(d).equals(img.metadata().rootDisk().sha256())).orElse(true))
                .orElse(false);
    }

    @Override
    public List<String> digests() {
        Path dir = root.resolve("sha256");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> "sha256:" + p.getFileName()).filter(d -> ImageJson.DIGEST.matcher(d).matches())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean delete(String digest) {
        if (!ImageJson.DIGEST.matcher(digest).matches() || !Files.isDirectory(dirOf(digest))) {
            return false;
        }
        try {
            // Rename first so that no reader ever sees a half-deleted image.
            Path doomed = Files.createTempDirectory(root, ".del-");
            Files.move(dirOf(digest), doomed.resolve("x"), StandardCopyOption.ATOMIC_MOVE);
            Trees.deleteTree(doomed);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dirOf(String digest) {
        return root.resolve("sha256").resolve(digest.substring("sha256:".length()));
    }

    private static void checkDigest(String digest) {
        if (digest == null || !ImageJson.DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("digest must be sha256:<64 hex>, got: " + digest);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
