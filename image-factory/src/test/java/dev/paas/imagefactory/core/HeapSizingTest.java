package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.StagingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeapSizingTest {

    private static final long MIB = 1 << 20;

    @ParameterizedTest(name = "{0}M with a {1}M image -> {2}%")
    @CsvSource({
            // memory, rootfs MiB, percent
            "256, 45, 48.0",    // 256 - 24 - 64 - 45 = 123 of 256
            "512, 45, 74.0",    // 379 of 512
            "1024, 45, 75.0",   // capped
            "4096, 45, 75.0",
            "160, 45, 16.8",    // 27 of 160
    })
    void percentFollowsMemory(int memory, long rootfsMib, double percent) {
        assertThat(HeapSizing.maxRamPercent(memory, rootfsMib * MIB)).isEqualTo(percent);
    }

    @Test
    void moreMemoryNeverMeansLessHeap() {
        long previous = 0;
        for (int m = 160; m <= 8192; m += 32) {
            long heap = HeapSizing.heapMib(m, 45 * MIB);
            assertThat(heap).isGreaterThanOrEqualTo(previous);
            previous = heap;
        }
    }

    @Test
    void tooLittleMemoryFailsWithWhatToAskFor() {
        assertThatThrownBy(() -> HeapSizing.maxRamPercent(128, 45 * MIB))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.getMessage())
                        .contains("memory 128M is too small").contains("at least 149M"));
    }

    @Test
    void flagFormat() {
        assertThat(HeapSizing.flag(48.4)).isEqualTo("-XX:MaxRAMPercentage=48.4");
        assertThat(HeapSizing.flag(75)).isEqualTo("-XX:MaxRAMPercentage=75.0");
    }
}
