package dev.paas.api.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.scheduler.api.GaveUp;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.RestartLater;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The plan writer's own wording (what {@code paas app} shows for a crashed instance). Its writes
 * against the database are covered row by row by {@code SchedulerWiringTest}.
 */
class PlanWriterTest {

    @Test
    void aBackedOffCrashSaysWhenItRestarts() {
        var r = new RestartLater(new InstanceId("3"), "1", 0, 4, Instant.parse("2026-01-01T12:00:30Z"));
        assertThat(PlanWriter.restartNote(r)).isEqualTo("crashed 4 times; restarting at 2026-01-01T12:00:30Z");
    }

    @Test
    void givingUpSaysWhatToDo() {
        assertThat(PlanWriter.gaveUpNote(new GaveUp(new InstanceId("3"), "1", 0, 200)))
                .isEqualTo("crashed 200 times; not restarted any more (push or restart the app)");
    }
}
