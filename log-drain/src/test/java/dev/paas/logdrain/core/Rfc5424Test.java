package dev.paas.logdrain.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.logdrain.api.DrainLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class Rfc5424Test {

    private static final Instant AT = Instant.parse("2026-12-06T11:00:00.123456789Z");

    @Test
    void stdoutIsUserInfoWithCloudFoundrysProcId() {
        assertThat(Rfc5424.format(new DrainLine(AT, "dev/web", "APP/PROC/WEB", "0", false, "listening on 8080"), "node-1"))
                .isEqualTo("<14>1 2026-12-06T11:00:00.123456Z node-1 dev/web [APP/PROC/WEB/0] - - listening on 8080\n");
    }

    @Test
    void stderrIsUserError() {
        assertThat(Rfc5424.format(new DrainLine(AT, "dev/web", "APP/PROC/WEB", "2", true, "boom"), "node-1"))
                .startsWith("<11>1 ").contains(" [APP/PROC/WEB/2] - - boom");
    }

    @Test
    void aLineWithoutInstanceHasTheSourceAlone() {
        assertThat(Rfc5424.format(new DrainLine(AT, "dev/web", "STG", null, false, "-----> Downloading"), "cp"))
                .contains(" cp dev/web [STG] - - -----> Downloading\n");
    }

    @Test
    void headerFieldsArePrintableAsciiCutToTheirLimits() {
        String app = "sp ace/" + "a".repeat(60);
        String m = Rfc5424.format(new DrainLine(AT, app, "APP/TASK/mi grate", "0", false, "x"), "");
        String[] parts = m.split(" ", 8);
        assertThat(parts[2]).isEqualTo("-");                       // empty hostname is nil
        assertThat(parts[3]).hasSize(Rfc5424.APP_NAME_MAX).startsWith("sp_ace/");
        assertThat(parts[4]).isEqualTo("[APP/TASK/mi_grate/0]");
    }

    @Test
    void theMessageKeepsUtf8AndLosesNuls() {
        String m = Rfc5424.format(new DrainLine(AT, "a", "APP/PROC/WEB", "0", false, "h\0é llo"), "h");
        assertThat(m).endsWith(" - - hé llo\n");
    }

    @Test
    void framesCountUtf8Octets() {
        assertThat(new String(Rfc5424.frame("é\n"), StandardCharsets.UTF_8)).isEqualTo("3 é\n");
    }
}
