package dev.paas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        StringWriter err = new StringWriter();
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(err), true);
        p.start("uploading", 2048);
        p.advance(1024);
        p.advance(1);
        p.advance(1023);
        p.done("uploaded 2.0 KB");
        String out = err.toString();
        assertThat(out).contains("\ruploading [" + " ".repeat(30) + "] 0% 0 B of 2.0 KB")
                .contains("\ruploading [" + "#".repeat(15) + " ".repeat(15) + "] 50% 1.0 KB of 2.0 KB")
                .contains("] 100% 2.0 KB of 2.0 KB")
                .endsWith("\r\033[Kuploaded 2.0 KB\n");
        assertThat(out.split("\r")).hasSize(5);
    }

    @Test
    void withoutATerminalOnlyTheSummaryIsPrinted() {
        StringWriter err = new StringWriter();
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(err), false);
        p.start("uploading", 2048);
        p.advance(2048);
        p.done("uploaded 2.0 KB");
        assertThat(err.toString()).isEqualTo("uploaded 2.0 KB\n");
    }
}
