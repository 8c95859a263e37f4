package dev.paas.nodeagent.infra;

import dev.paas.model.Accelerator;
import dev.paas.model.SnapshotReport;
import dev.paas.nodeagent.core.SnapshotKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What heartbeats report of the store: the snapshots this node could restore now, by revision,
 * most recently used first; never one that names no revision or was taken with another QEMU,
 * accelerator, data path or recipe (it would only draw instances here to boot cold).
 */
class SnapshotReportsTest {

    @TempDir
    Path dir;

    /** No such binary: its version reads "unknown", as a snapshot's key then says too. */
    private final Path qemu = Path.of("/nonexistent/qemu-system-x86_64");

    private SnapshotStore store;
    private SnapshotClones clones;

    private SnapshotKey key(String image, int memoryMib, String accelerator, String qemuVersion, String network) {
        return new SnapshotKey(image.repeat(64), memoryMib, 64, accelerator, qemuVersion, "console=ttyS0", network, "e".repeat(64));
    }

    private void put(SnapshotKey key, Long revision, long memoryBytes, long diskBytes, Instant used) throws Exception {
        Path tmp = store.begin(key.id());
        Files.write(tmp.resolve(SnapshotStore.MEMORY), new byte[16]);
        store.commit(tmp, new SnapshotStore.Meta(key.id(), key.describe(), memoryBytes, "0".repeat(64), 7, diskBytes, key.diskMib(),
                Instant.EPOCH, 5, revision));
        Files.setLastModifiedTime(dir.resolve(key.id()).resolve(SnapshotStore.META), FileTime.from(used));
    }

    private void setUp(long budget) {
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
        store = new SnapshotStore(dir, budget, clock);
        clones = new SnapshotClones(qemu, store, clock);
    }

    @Test
    void reportsWhatThisNodeCouldRestoreByRevisionMostRecentlyUsedFirst() throws Exception {
        setUp(1L << 30);
        Instant older = Instant.parse("2026-12-06T10:00:00Z");
        Instant newer = Instant.parse("2026-12-06T11:00:00Z");
        put(key("a", 256, "TCG", "unknown", "netns"), 41L, 100, 20, older);
        put(key("b", 512, "TCG", "unknown", "netns"), 42L, 300, 0, newer);
        put(key("c", 256, "TCG", "unknown", "netns"), null, 1, 1, newer);                 // taken before revisions were recorded
        put(key("d", 256, "KVM", "unknown", "netns"), 43L, 1, 1, newer);                  // another accelerator
        put(key("e", 256, "TCG", "QEMU emulator version 8.2.0", "netns"), 44L, 1, 1, newer);  // another QEMU
        put(key("f", 256, "TCG", "unknown", "user"), 45L, 1, 1, newer);                   // another data path

        assertThat(clones.reports()).as("nothing before the first refresh").isEmpty();
        clones.refresh(Accelerator.TCG, "netns");
        assertThat(clones.reports()).containsExactly(
                new SnapshotReport(42L, 512, 64, Accelerator.TCG, 300L, newer),
                new SnapshotReport(41L, 256, 64, Accelerator.TCG, 120L, older));

        clones.drop(key("b", 512, "TCG", "unknown", "netns").id());
        clones.refresh(Accelerator.TCG, "netns");
        assertThat(clones.reports()).extracting(SnapshotReport::revisionId).containsExactly(41L);
        clones.refresh(Accelerator.KVM, "netns");
        assertThat(clones.reports()).extracting(SnapshotReport::revisionId).containsExactly(43L);
    }

    @Test
    void revisionsNoAppNeedsAreDroppedButNotWhileAVmRunsFromTheirKey() throws Exception {
        setUp(1L << 30);
        Instant used = Instant.parse("2026-12-06T10:00:00Z");
        SnapshotKey old = key("a", 256, "TCG", "unknown", "netns");
        SnapshotKey current = key("b", 256, "TCG", "unknown", "netns");
        SnapshotKey running = key("c", 256, "TCG", "unknown", "netns");
        SnapshotKey unnamed = key("d", 256, "TCG", "unknown", "netns");
        put(old, 41L, 1, 1, used);
        put(current, 42L, 1, 1, used);
        put(running, 43L, 1, 1, used);
        put(unnamed, null, 1, 1, used);
        clones.launched(7, running);

        assertThat(clones.dropRevisions(Set.of(41L, 43L, 99L))).containsExactly(old.id());
        assertThat(store.find(old.id())).isEmpty();
        assertThat(store.find(current.id())).isPresent();
        assertThat(store.find(running.id())).as("a live VM's key is kept").isPresent();
        assertThat(store.find(unnamed.id())).isPresent();

        clones.forget(7);
        assertThat(clones.dropRevisions(Set.of(43L))).as("once that VM is gone").containsExactly(running.id());
        assertThat(clones.dropRevisions(Set.of())).isEmpty();
        clones.refresh(Accelerator.TCG, "netns");
        assertThat(clones.reports()).extracting(SnapshotReport::revisionId).containsExactly(42L);
    }

    @Test
    void snapshotsTurnedOffReportNone() throws Exception {
        setUp(1L << 30);
        put(key("a", 256, "TCG", "unknown", "netns"), 41L, 100, 20, Instant.parse("2026-12-06T10:00:00Z"));
        clones.budget(0);
        clones.refresh(Accelerator.TCG, "netns");
        assertThat(clones.reports()).isEmpty();
    }

    @Test
    void theReportIsBounded() throws Exception {
        setUp(1L << 40);
        for (int i = 0; i < SnapshotClones.MAX_REPORTS + 3; i++) {
            SnapshotKey k = new SnapshotKey("a".repeat(64), 32 + i, 64, "TCG", "unknown", "console=ttyS0", "netns", "e".repeat(64));
            put(k, 41L, 1, 1, Instant.parse("2026-12-06T10:00:00Z").plusSeconds(i));
        }
        clones.refresh(Accelerator.TCG, "netns");
        assertThat(clones.reports()).hasSize(SnapshotClones.MAX_REPORTS)
                .first().extracting(SnapshotReport::memoryMb).isEqualTo(32 + SnapshotClones.MAX_REPORTS + 2);
    }
}
