package dev.paas.kernel.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreMessageTest {

    private static final byte[] SEED = new byte[32];

    static {
        SEED[0] = (byte) 0xab;
        SEED[31] = 0x01;
    }

    @Test
    void rendersTheLineTheInitReads() {
        RestoreMessage m = new RestoreMessage(SEED, Instant.ofEpochSecond(1796553245, 42), OptionalInt.of(2),
                "6f1c-aa", "10.0.0.21", OptionalInt.of(20001));
        assertThat(m.render()).isEqualTo("restore seed=ab" + "00".repeat(30) + "01 time=1796553245.000000042"
                + " index=2 guid=6f1c-aa ip=10.0.0.21 port=20001\n");
        assertThat(m.toString()).doesNotContain("ab00");
    }

    @Test
    void leavesOutWhatIsUnknown() {
        RestoreMessage m = new RestoreMessage(SEED, Instant.ofEpochSecond(1), OptionalInt.empty(), null, null,
                OptionalInt.empty());
        assertThat(m.render()).isEqualTo("restore seed=ab" + "00".repeat(30) + "01 time=1.000000000\n");
    }

    @Test
    void refusesWhatTheInitWouldRefuse() {
        Instant now = Instant.ofEpochSecond(1);
        assertThatThrownBy(() -> new RestoreMessage(new byte[16], now, OptionalInt.empty(), null, null, OptionalInt.empty()))
                .hasMessageContaining("seed must be 32 bytes");
        assertThatThrownBy(() -> new RestoreMessage(SEED, now, OptionalInt.of(-1), null, null, OptionalInt.empty()))
                .hasMessageContaining("index");
        assertThatThrownBy(() -> new RestoreMessage(SEED, now, OptionalInt.empty(), "a b", null, OptionalInt.empty()))
                .hasMessageContaining("guid");
        assertThatThrownBy(() -> new RestoreMessage(SEED, now, OptionalInt.empty(), null, "x\ny", OptionalInt.empty()))
                .hasMessageContaining("ip");
        assertThatThrownBy(() -> new RestoreMessage(SEED, now, OptionalInt.empty(), null, null, OptionalInt.of(0)))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> new RestoreMessage(SEED, Instant.ofEpochSecond(-5), OptionalInt.empty(), null, null,
                OptionalInt.empty())).hasMessageContaining("now");
    }
}
