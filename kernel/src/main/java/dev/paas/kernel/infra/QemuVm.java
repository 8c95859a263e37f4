package dev.paas.kernel.infra;

import dev.paas.kernel.api.ExitRecord;
import dev.paas.kernel.api.GuestControl;
import dev.paas.kernel.api.QemuCommand;
import dev.paas.kernel.api.VmConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One running QEMU process started from a {@link VmConfig}, with its serial console captured
 * line by line (with arrival times) when the config sends the console to stdout. Used by the
 * tests, the boot benchmark and the KVM probe; the node agent may use it too.
 *
 * <p>Thread-safe: a reader thread appends console lines; any thread may wait or query.
 */
public final class QemuVm implements AutoCloseable {

    /** A console line and when it arrived, in nanoseconds after QEMU was started. */
    public record ConsoleLine(long atNanos, String text) {}

    private final VmConfig config;
    private final Process process;
    private final long startNanos;
    private final List<ConsoleLine> console = new ArrayList<>();
    private final StringBuilder qemuErrors = new StringBuilder();
    /** How many of the two output readers have hit end of stream (guarded by this). */
    private int readersDone;

    private QemuVm(VmConfig config, Process process, long startNanos) {
        this.config = config;
        this.process = process;
        this.startNanos = startNanos;
    }

    public static QemuVm start(VmConfig config) throws IOException {
        List<String> argv = QemuCommand.argv(config);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(argv).start();
        p.getOutputStream().close();
        QemuVm vm = new QemuVm(config, p, t0);
        vm.pump(p.getInputStream(), true);
        vm.pump(p.getErrorStream(), false);
        return vm;
    }

    public long startNanos() {
        return startNanos;
    }

    public VmConfig config() {
        return config;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public synchronized List<ConsoleLine> console() {
        return List.copyOf(console);
    }

    public synchronized String qemuErrors() {
        return qemuErrors.toString();
    }

    /** Waits for a console line matching {@code test}; empty if QEMU exits or time runs out first. */
    public synchronized Optional<ConsoleLine> awaitLine(Predicate<String> test, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < console.size(); seen++) {
                if (test.test(console.get(seen).text())) {
                    return Optional.of(console.get(seen));
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && readersDone == 2)) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, 50_000_000L));
        }
    }

    /**
     * Waits for QEMU to exit and returns the init's exit record.
     *
     * @return empty if QEMU did not exit in time (it keeps running) or exited without a record
     */
    public Optional<ExitRecord> awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        awaitLine(line -> false, Duration.ofSeconds(2));  // let the readers drain
        return exitRecord();
    }

    public synchronized Optional<ExitRecord> exitRecord() {
        for (ConsoleLine line : console) {
            Optional<ExitRecord> r = ExitRecord.parse(line.text());
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Asks the init to stop the app (SIGTERM, then SIGKILL after the grace period). */
    public void requestStop() throws IOException {
        GuestControl.requestStop(config.controlSocket()
                .orElseThrow(() -> new IllegalStateException("this VM has no control socket")));
    }

    /** Ends QEMU at once if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump(InputStream in, boolean isConsole) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    long at = System.nanoTime() - startNanos;
                    String text = line.replace("\r", "");
                    synchronized (this) {
                        if (isConsole) {
                            console.add(new ConsoleLine(at, text));
                        } else {
                            qemuErrors.append(text).append('\n');
                        }
                        notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // QEMU went away
            } finally {
                synchronized (this) {
                    readersDone++;
                    notifyAll();
                }
            }
        }, isConsole ? "qemu-console" : "qemu-stderr");
        t.setDaemon(true);
        t.start();
    }
}
