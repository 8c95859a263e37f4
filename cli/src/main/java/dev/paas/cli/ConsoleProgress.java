package dev.paas.cli;

import dev.paas.cli.core.Progress;
import dev.paas.cli.core.Text;
import java.io.PrintWriter;

/**
 * A progress bar on stderr, redrawn in place ({@code \r}) when a person watches; without a
 * terminal only the summary line of each step is printed, so logs of scripts stay readable.
 */
final class ConsoleProgress implements Progress {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private String label = "";
    private long total;
    private long done;
    private int lastPercent = -1;

    ConsoleProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void start(String label, long total) {
        this.label = label;
        this.total = total;
        this.done = 0;
        this.lastPercent = -1;
        draw();
    }

    @Override
    public void advance(long amount) {
        done += amount;
        draw();
    }

    @Override
    public void done(String summary) {
        if (terminal) {
            err.print("\r\033[K");
        }
        err.println(summary);
        err.flush();
    }

    private void draw() {
        if (!terminal) {
            return;
        }
        int percent = total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        int filled = percent * WIDTH / 100;
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% "
                + Text.bytes(done) + (total > 0 ? " of " + Text.bytes(total) : "") + "\033[K");
        err.flush();
    }
}
