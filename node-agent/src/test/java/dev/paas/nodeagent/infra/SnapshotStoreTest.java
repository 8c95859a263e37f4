package dev.paas.nodeagent.infra;

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

class SnapshotStoreTest {

    @TempDir
    Path dir;

    private static final String A = "a".repeat(24);
    private static final String B = "b".repeat(24);
    private static final String C = "c".repeat(24);

    private SnapshotStore store(long budget) {
        return new SnapshotStore(dir, budget, Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
    }

    private void put(SnapshotStore s, String id, long memoryBytes, Instant used) throws Exception {
        Path tmp = s.begin(id);
        assertThat(Files.getPosixFilePermissions(tmp)).containsOnly(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE, java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
        Files.write(tmp.resolve(SnapshotStore.MEMORY), new byte[16]);
        s.commit(tmp, new SnapshotStore.Meta(id, "parts", memoryBytes, "0".repeat(64), 7, 0, 64, Instant.EPOCH, 5, null));
        Files.setLastModifiedTime(dir.resolve(id).resolve(SnapshotStore.META), FileTime.from(used));
    }

    @Test
    void aCommittedSnapshotIsFoundAndAHalfWrittenOneIsNot() throws Exception {
        SnapshotStore s = store(1 << 30);
        Path tmp = s.begin(A);
        Files.write(tmp.resolve(SnapshotStore.MEMORY), new byte[16]);
        assertThat(s.find(A)).isEmpty();
        s.commit(tmp, new SnapshotStore.Meta(A, "parts", 16, "0".repeat(64), 7, 4096, 64, Instant.EPOCH, 5, null));
        assertThat(s.find(A)).hasValueSatisfying(st -> {
            assertThat(st.meta().key()).isEqualTo(A);
            assertThat(st.memory()).exists();
        });
        assertThat(tmp).doesNotExist();
        assertThat(s.find("../x")).isEmpty();
        assertThat(s.find(B)).isEmpty();
        s.drop(A);
        assertThat(s.find(A)).isEmpty();
    }

    @Test
    void anUnreadableRecordIsFoundAsSuchSoTheRestoreSaysSo() throws Exception {
        SnapshotStore s = store(1 << 30);
        Files.createDirectories(dir.resolve(A));
        Files.writeString(dir.resolve(A).resolve(SnapshotStore.META), "{not json");
        assertThat(s.find(A)).hasValueSatisfying(st -> assertThat(st.meta().key()).isNull());
    }

    @Test
    void leftoversOfAnInterruptedSnapshotGoAtStart() throws Exception {
        Files.createDirectories(dir.resolve(".tmp-" + A + "-1234abcd"));
        store(1 << 30);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void housekeepingDeletesTheLeastRecentlyUsedUnpinnedUntilTheRestFits() throws Exception {
        SnapshotStore s = store(250);
        put(s, A, 100, Instant.parse("2026-12-06T10:00:00Z"));
        put(s, B, 100, Instant.parse("2026-12-06T09:00:00Z"));
        put(s, C, 100, Instant.parse("2026-12-06T11:00:00Z"));
        // B is the oldest but a live VM's key: A goes instead
        assertThat(s.housekeep(Set.of(B))).containsExactly(A);
        assertThat(s.has(A)).isFalse();
        assertThat(s.has(B)).isTrue();
        assertThat(s.has(C)).isTrue();
        assertThat(s.housekeep(Set.of(B))).isEmpty();
        s.touch(B);  // used now: the newest
        s.budgetBytes(150);
        assertThat(s.housekeep(Set.of())).containsExactly(C);
        s.budgetBytes(0);
        assertThat(s.enabled()).isFalse();
    }
}
