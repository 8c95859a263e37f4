package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.UnpackLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnpackBudgetTest {

    private final UnpackLimits limits = new UnpackLimits(1000, 3, 10, 100);

    @Test
    void countsEntries() {
        UnpackBudget b = new UnpackBudget(limits);
        assertThat(b.countEntry()).isEmpty();
        assertThat(b.countEntry()).isEmpty();
        assertThat(b.countEntry()).isEmpty();
        assertThat(b.countEntry()).hasValueSatisfying(r -> assertThat(r).startsWith(UnpackBudget.RULE_COUNT));
    }

    @Test
    void totalSizeDeclaredAndActual() {
        UnpackBudget b = new UnpackBudget(limits);
        assertThat(b.declared(1001, -1)).hasValueSatisfying(r -> assertThat(r).startsWith(UnpackBudget.RULE_TOTAL));
        assertThat(b.wrote(600)).isEmpty();
        assertThat(b.wrote(600)).hasValueSatisfying(r -> assertThat(r).startsWith(UnpackBudget.RULE_TOTAL));
    }

    @Test
    void ratioOnlyFromTheMinimumSize() {
        UnpackBudget b = new UnpackBudget(limits);
        assertThat(b.ratio(99, 1)).as("below the minimum size").isEmpty();
        assertThat(b.ratio(100, 10)).as("exactly 10:1").isEmpty();
        assertThat(b.ratio(200, 10)).hasValueSatisfying(r -> assertThat(r).startsWith(UnpackBudget.RULE_RATIO).contains("20:1"));
        assertThat(b.ratio(200, -1)).as("stored, not compressed").isEmpty();
    }
}
