package dev.paas.kernel.vm;

import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.Guests;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Needs the built guest (builds it on a cold cache), hence tagged like the boot tests. */
@Tag("vm")
class GuestsTest {

    @Test
    void concurrentCallersGetTheSameCachedGuest() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<GuestArtifacts>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit(() -> Guests.obtain(Guests.defaultCacheDir(), line -> { })));
            }
            GuestArtifacts first = calls.get(0).get();
            for (Future<GuestArtifacts> call : calls) {
                assertThat(call.get()).isEqualTo(first);
            }
            assertThat(first.vmlinux()).startsWith(Guests.defaultCacheDir().resolve("kernels"));
            assertThat(Files.size(first.bzImage())).isLessThan(3L << 20);
            assertThat(Files.isExecutable(first.init())).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
