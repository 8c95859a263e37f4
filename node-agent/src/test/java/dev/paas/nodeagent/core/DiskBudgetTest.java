package dev.paas.nodeagent.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiskBudgetTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "alone and room to spare,         10000, 1024,    0, true",
            "exactly the free space,           1024, 1024,    0, true",
            "one MiB short,                    1023, 1024,    0, false",
            "the others' quotas count whole,   3000, 1024, 2048, false",
            "others and new fit exactly,       3072, 1024, 2048, true"})
    void fitsWhenTheFreeSpaceHoldsEveryQuota(String name, long free, int asked, long others, boolean fits) {
        assertThat(DiskBudget.refusal(free, asked, others, "/var/lib/paas").isEmpty()).isEqualTo(fits);
    }

    @org.junit.jupiter.api.Test
    void theRefusalSaysWhatDoesNotFitWhere() {
        assertThat(DiskBudget.refusal(3000, 1024, 2048, "/var/lib/paas")).contains("insufficient disk on node: the disk "
                + "quota 1024 MiB does not fit in the 3000 MiB free under /var/lib/paas with the 2048 MiB other "
                + "instances' disks may still take");
    }
}
