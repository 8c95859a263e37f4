package dev.paas.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.model.Accelerator;
import dev.paas.model.SnapshotReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What a host may send as snapshot reports, and which of them become rows. */
class SnapshotRowsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Instant USED = Instant.parse("2026-12-06T11:00:00.123456789Z");

    private static SnapshotReport ok() {
        return new SnapshotReport(7L, 256, 1024, Accelerator.KVM, 100L, USED);
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.argumentSet("no revision", new SnapshotReport(null, 256, 1024, null, 1L, USED), "revisionId-missing"),
                Arguments.argumentSet("revision 0", new SnapshotReport(0L, 256, 1024, null, 1L, USED), "revisionId-missing"),
                Arguments.argumentSet("unknown revision", new SnapshotReport(8L, 256, 1024, null, 1L, USED), "unknown-revision"),
                Arguments.argumentSet("no memory", new SnapshotReport(7L, null, 1024, null, 1L, USED), "memoryMb-not-positive"),
                Arguments.argumentSet("negative memory", new SnapshotReport(7L, -1, 1024, null, 1L, USED), "memoryMb-not-positive"),
                Arguments.argumentSet("zero disk", new SnapshotReport(7L, 256, 0, null, 1L, USED), "diskMb-not-positive"),
                Arguments.argumentSet("negative size", new SnapshotReport(7L, 256, 1024, null, -5L, USED), "sizeBytes-negative"),
                Arguments.argumentSet("no size", new SnapshotReport(7L, 256, 1024, null, null, USED), "sizeBytes-negative"),
                Arguments.argumentSet("never used", new SnapshotReport(7L, 256, 1024, null, 1L, null), "lastUsedAt-missing"),
                Arguments.argumentSet("used before any snapshot", new SnapshotReport(7L, 256, 1024, null, 1L, Instant.MIN), "lastUsedAt-missing"));
    }

    @ParameterizedTest
    @MethodSource("bad")
    void aReportThatCannotBeARowIsLeftOutWithItsReasonAndTheOthersStay(SnapshotReport report, String reason) {
        List<SnapshotReport> reports = new ArrayList<>();
        reports.add(report);
        reports.add(ok());
        SnapshotRows.Result r = SnapshotRows.of(reports, Accelerator.TCG, Set.of(7L), NOW);
        assertThat(r.ignored()).containsExactly(new SnapshotRows.Ignored(0, report.revisionId(), reason));
        assertThat(r.rows()).hasSize(1);
    }

    @Test
    void aGoodReportBecomesARowTheFirstOfDuplicatesWins() {
        List<SnapshotReport> reports = new ArrayList<>();
        reports.add(new SnapshotReport(7L, 256, 1024, null, 100L, USED));
        reports.add(null);
        reports.add(new SnapshotReport(7L, 256, 1024, Accelerator.KVM, 999L, USED));
        reports.add(new SnapshotReport(7L, 512, 1024, Accelerator.KVM, 5L, NOW.plusSeconds(3600)));
        SnapshotRows.Result r = SnapshotRows.of(reports, Accelerator.TCG, Set.of(7L), NOW);
        assertThat(r.rows()).containsExactly(
                new SnapshotRows.Row(7, 256, 1024, Accelerator.TCG, 100, Instant.parse("2026-12-06T11:00:00.123456Z")),
                new SnapshotRows.Row(7, 512, 1024, Accelerator.KVM, 5, NOW));
        assertThat(r.ignored()).containsExactly(new SnapshotRows.Ignored(1, null, "empty"), new SnapshotRows.Ignored(2, 7L, "duplicate"));
    }

    @Test
    void onlyAGrosslyOversizedListIsRefused() {
        SnapshotRows.checkSize(null);
        SnapshotRows.checkSize(Collections.nCopies(SnapshotRows.MAX_REPORTS, ok()));
        assertThatThrownBy(() -> SnapshotRows.checkSize(Collections.nCopies(SnapshotRows.MAX_REPORTS + 1, ok())))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("snapshots: has 1001 reports");
    }
}
