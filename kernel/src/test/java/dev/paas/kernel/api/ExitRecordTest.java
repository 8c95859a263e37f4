package dev.paas.kernel.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExitRecordTest {

    @Test
    void exited() {
        ExitRecord r = ExitRecord.parse("paas-exit status=exited code=3 stop=none uptime_ms=1840").orElseThrow();
        assertThat(r.status()).isEqualTo(ExitRecord.Status.EXITED);
        assertThat(r.code()).isEqualTo(OptionalInt.of(3));
        assertThat(r.signal()).isEmpty();
        assertThat(r.stop()).isEqualTo(ExitRecord.Stop.NONE);
        assertThat(r.uptimeMs()).isEqualTo(1840);
        assertThat(r.describe()).isEqualTo("exited with code 3");
    }

    @Test
    void signaledAfterStop() {
        ExitRecord r = ExitRecord.parse("paas-exit status=signaled signal=9 stop=kill uptime_ms=12000").orElseThrow();
        assertThat(r.signal()).isEqualTo(OptionalInt.of(9));
        assertThat(r.describe()).isEqualTo("killed by signal 9 (after SIGKILL, grace period over)");
    }

    @Test
    void failedWithQuotedMessage() {
        ExitRecord r = ExitRecord.parse("[    1.2] paas-exit status=failed code=127 stop=none uptime_ms=900 "
                + "reason=exec message=\"cannot run \\\"x\\\": No such file or directory\"\r").orElseThrow();
        assertThat(r.status()).isEqualTo(ExitRecord.Status.FAILED);
        assertThat(r.code()).isEqualTo(OptionalInt.of(127));
        assertThat(r.reason()).contains("exec");
        assertThat(r.message()).contains("cannot run \"x\": No such file or directory");
    }

    @Test
    void otherLinesAreNotRecords() {
        assertThat(ExitRecord.parse("paas-init: start uptime_ms=800")).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"paas-exit status=dead code=1", "paas-exit status=exited", "paas-exit status=signaled code=1",
            "paas-exit status=exited code=x", "paas-exit status=exited code=1 stop=maybe"})
    void malformedRecordsAreErrors(String line) {
        assertThatThrownBy(() -> ExitRecord.parse(line)).isInstanceOf(IllegalArgumentException.class);
    }
}
