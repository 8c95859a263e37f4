package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.PendingImage;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.StoredImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileImageStoreTest {

    @TempDir
    Path tmp;

    private PendingImage pending(String kernelText, String initText) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "scratch");
        Path kernel = Files.writeString(dir.resolve("bzImage"), kernelText);
        Path initramfs = Files.writeString(dir.resolve("initramfs.cpio.gz"), initText);
        ImageMetadata m = new ImageMetadata(1, "native", "x", "6.1.0",
                new ImageMetadata.FileInfo("bzImage", FileImageStore.sha256(kernel), Files.size(kernel)),
                new ImageMetadata.FileInfo("initramfs.cpio.gz", FileImageStore.sha256(initramfs), Files.size(initramfs)),
                new ImageMetadata.Sizes(10, 1, 2, 3), "console=ttyS0",
                new ImageMetadata.Launch("/app/x", 8080, 256, "command /app/x\n"), List.of(), List.of());
        byte[] manifest = ImageJson.bytes(m);
        return new PendingImage(ImageJson.digest(manifest), manifest, m, kernel, initramfs);
    }

    @Test
    void putFindVerifyDelete() throws Exception {
        FileImageStore store = new FileImageStore(tmp.resolve("store"));
        PendingImage p = pending("kernel", "initramfs");
        StoredImage s = store.put(p);
        assertThat(s.digest()).isEqualTo(p.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(Files.readString(s.kernel())).isEqualTo("kernel");
        assertThat(store.find(p.digest())).contains(s);
        assertThat(store.verify(p.digest())).isTrue();
        assertThat(store.digests()).containsExactly(p.digest());
        assertThat(store.delete(p.digest())).isTrue();
        assertThat(store.find(p.digest())).isEmpty();
        assertThat(SafeUnpackTest.listAll(tmp.resolve("store"))).allMatch(f -> f.getFileName().toString().equals("sha256"));
    }

    @Test
    void secondPutOfTheSameDigestIsANoOp() throws Exception {
        FileImageStore store = new FileImageStore(tmp.resolve("store"));
        StoredImage first = store.put(pending("k", "i"));
        StoredImage second = store.put(pending("k", "i"));
        assertThat(second).isEqualTo(first);
        assertThat(store.digests()).hasSize(1);
    }

    @Test
    void failedPutLeavesNothing() throws Exception {
        FileImageStore store = new FileImageStore(tmp.resolve("store"));
        PendingImage p = pending("k", "i");
        Files.delete(p.initramfs());
        assertThatThrownBy(() -> store.put(p)).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.STORE_FAILED));
        assertThat(store.digests()).isEmpty();
        assertThat(SafeUnpackTest.listAll(tmp.resolve("store")))
                .noneMatch(f -> f.getFileName().toString().startsWith(".tmp-"));
    }

    @Test
    void tamperedManifestIsNotServed() throws Exception {
        FileImageStore store = new FileImageStore(tmp.resolve("store"));
        StoredImage s = store.put(pending("k", "i"));
        Files.writeString(s.manifest(), Files.readString(s.manifest()).replace("native", "static"));
        assertThatThrownBy(() -> store.find(s.digest())).hasMessageContaining("does not match its digest");
    }
}
