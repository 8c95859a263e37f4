package dev.paas.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.TaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A node's report of a task VM's end -> the task's outcome. */
class TaskOutcomeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "exited with code 0 | SUCCEEDED | 0 | null",
            "exited with code 3 | FAILED | 3 | APP/TASK/m exited with status 3",
            "exited with code 143 (after SIGTERM) | FAILED | 143 | APP/TASK/m exited with status 143",
            "killed by signal 9 (after SIGKILL, grace period over) | FAILED | null | APP/TASK/m: killed by signal 9 (after SIGKILL, grace period over)",
            "failed to start (exec): cannot run \"x\" | FAILED | null | APP/TASK/m failed to start (exec): cannot run \"x\"",
            "image refused: no such digest | FAILED | null | APP/TASK/m: image refused: no such digest",
            "null | FAILED | null | APP/TASK/m: its VM ended without an exit record",
            "exited with code 0; QEMU exited | SUCCEEDED | 0 | null",
    })
    void outcomes(String reason, TaskState state, Integer code, String failure) {
        TaskOutcome o = TaskOutcome.of("m", reason);
        assertThat(o.state()).isEqualTo(state);
        assertThat(o.exitCode()).isEqualTo(code);
        assertThat(o.failureReason()).isEqualTo(failure);
    }
}
