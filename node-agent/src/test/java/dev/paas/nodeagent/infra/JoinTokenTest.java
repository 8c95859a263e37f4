package dev.paas.nodeagent.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The join token comes from the flag, else a file, else PAAS_JOIN_TOKEN (the last two stay out of ps). */
class JoinTokenTest {

    @TempDir
    Path dir;

    @Test
    void flagThenFileThenEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  paas_jt_from-file \nsecond line\n");
        assertThat(Main.joinToken("paas_jt_flag", file, "paas_jt_env")).isEqualTo("paas_jt_flag");
        assertThat(Main.joinToken(null, file, "paas_jt_env")).isEqualTo("paas_jt_from-file");
        assertThat(Main.joinToken(null, null, " paas_jt_env\n")).isEqualTo("paas_jt_env");
        assertThat(Main.joinToken(null, null, "  ")).isNull();
        assertThat(Main.joinToken(null, null, null)).isNull();
    }

    @Test
    void anEmptyOrMissingFileIsRefusedByName() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> Main.joinToken(null, empty, "paas_jt_env"))
                .hasMessageContaining("--join-token-file " + empty + " is empty");
        assertThatThrownBy(() -> Main.joinToken(null, dir.resolve("nope"), null))
                .hasMessageContaining("--join-token-file " + dir.resolve("nope") + " cannot be read");
    }
}
