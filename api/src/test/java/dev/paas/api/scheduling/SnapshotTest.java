package dev.paas.api.scheduling;

import dev.paas.scheduler.api.Release;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How a failed release is kept in {@code apps.failed_release}: with its disk, and as written before disks. */
class SnapshotTest {

    @Test
    void aFailedReleaseKeepsItsDisk() {
        Release r = Release.of("42", 256, 64);
        assertThat(Snapshot.formatRelease(r)).isEqualTo("42:256:64");
        assertThat(Snapshot.parseRelease("42:256:64")).contains(r);
    }

    @Test
    void oneWrittenBeforeDisksHasTheDefaultDisk() {
        assertThat(Snapshot.parseRelease("42:256")).contains(Release.of("42", 256, 1024));
        assertThat(Snapshot.parseRelease(null)).isEqualTo(Optional.empty());
        assertThat(Snapshot.parseRelease("garbage")).isEqualTo(Optional.empty());
    }
}
