package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.LogLine;
import dev.paas.nodeagent.core.RingBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Follows each VM's console, stdout and stderr files (QEMU writes them) into the instance's ring
 * buffer, on one daemon thread polling every {@value #POLL_MS} ms. Files are read from their
 * start (or their last {@value #CATCH_UP_BYTES} bytes when larger), so after an agent restart the
 * buffer is refilled with what the VM wrote before (those lines carry the time of reading) and
 * capture continues. Partial lines wait for their end.
 *
 * <p>QEMU only ever appends to these files, and a VM may run for months. So that a chatty app
 * cannot fill the host's disk, what has been read (except the last {@value #CATCH_UP_BYTES} bytes,
 * which a restarted agent reads again) is given back to the file system every
 * {@link #PUNCH_STEP} bytes with {@code fallocate --punch-hole}: the file keeps its length and
 * offsets (QEMU's and ours), the read part becomes a hole that takes no disk. Where the file
 * system cannot punch holes, the file just grows, as before.
 */
public final class LogTailer implements AutoCloseable {

    static final int POLL_MS = 200;
    /** A line longer than this is cut (a guest must not make the agent buffer without bound). */
    static final int MAX_LINE = 8192;
    /**
     * How much of an existing file is re-read when following starts (after an agent restart):
     * enough for the ring buffer's 1000 lines of ordinary length, without reading a huge file.
     */
    static final long CATCH_UP_BYTES = 256 * 1024;
    /** Disk a file may hold in read bytes before they are punched out. */
    static final long PUNCH_STEP = 8L * 1024 * 1024;
    private static final long BLOCK = 4096;

    private record Source(Path file, LogLine.Channel channel) {}

    private static final class Follow {
        final long instanceId;
        final int index;
        final RingBuffer<LogLine> buffer;
        final List<Source> sources;
        final long[] offsets;
        /** How far from its start each file has been punched out (0: not yet; -1: cannot be). */
        final long[] punched;
        final ByteArrayOutputStream[] partial;
        final boolean[] skipToNewline;
        final Consumer<String> consoleListener;

        Follow(long instanceId, int index, RingBuffer<LogLine> buffer, List<Source> sources, Consumer<String> consoleListener) {
            this.instanceId = instanceId;
            this.index = index;
            this.buffer = buffer;
            this.sources = sources;
            this.offsets = new long[sources.size()];
            this.punched = new long[sources.size()];
            this.partial = new ByteArrayOutputStream[sources.size()];
            this.skipToNewline = new boolean[sources.size()];
            for (int i = 0; i < partial.length; i++) {
                partial[i] = new ByteArrayOutputStream();
                try {
                    long size = Files.exists(sources.get(i).file()) ? Files.size(sources.get(i).file()) : 0;
                    if (size > CATCH_UP_BYTES) {
                        offsets[i] = size - CATCH_UP_BYTES;
                        skipToNewline[i] = true;  // we start inside a line
                    }
                } catch (IOException e) {
                    // read from the start
                }
            }
            this.consoleListener = consoleListener;
        }
    }

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.logs");

    private final Clock clock;
    private final long punchStep;
    private final Map<Long, Follow> follows = new ConcurrentHashMap<>();
    private volatile BiConsumer<Long, LogLine> appLines = (id, line) -> { };
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "log-tailer");
        t.setDaemon(true);
        return t;
    });

    public LogTailer(Clock clock) {
        this(clock, PUNCH_STEP);
    }

    /** @param punchStep read bytes a file may hold before they are punched out (tests make it small) */
    LogTailer(Clock clock, long punchStep) {
        this.clock = clock;
        this.punchStep = punchStep;
        poller.scheduleWithFixedDelay(this::pollAll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts following a VM's files in {@code dir}. {@code consoleListener} sees every console
     * line (on the tailer thread), e.g. to notice that the init started the app.
     */
    public void follow(long instanceId, int index, Path dir, RingBuffer<LogLine> buffer,
                       Consumer<String> consoleListener) {
        follows.put(instanceId, new Follow(instanceId, index, buffer, List.of(
                new Source(dir.resolve("console.log"), LogLine.Channel.CELL),
                new Source(dir.resolve("stdout.log"), LogLine.Channel.OUT),
                new Source(dir.resolve("stderr.log"), LogLine.Channel.ERR)), consoleListener));
    }

    /**
     * {@code sink} sees every line of an app's stdout and stderr (channels OUT and ERR) with its
     * instance id, on the tailer thread: it must not block (the log drains queue them).
     */
    public void onAppLine(BiConsumer<Long, LogLine> sink) {
        appLines = sink;
    }

    /** Reads what is left, then stops following. */
    public void unfollow(long instanceId) {
        Follow f = follows.remove(instanceId);
        if (f != null) {
            poller.execute(() -> poll(f));
        }
    }

    /** Reads every followed file now (tests; the poller does it on its own). */
    public void flush() throws Exception {
        poller.submit(this::pollAll).get();
    }

    private void pollAll() {
        for (Follow f : follows.values()) {
            try {
                poll(f);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "logs.poll-failed error=" + e);
            }
        }
    }

    private void poll(Follow f) {
        for (int i = 0; i < f.sources.size(); i++) {
            Source s = f.sources.get(i);
            if (!Files.exists(s.file())) {
                continue;
            }
            try (RandomAccessFile raf = new RandomAccessFile(s.file().toFile(), "r")) {
                long len = raf.length();
                if (len < f.offsets[i]) {
                    f.offsets[i] = 0;  // truncated or replaced: start over
                }
                if (len == f.offsets[i]) {
                    continue;
                }
                raf.seek(f.offsets[i]);
                byte[] chunk = new byte[(int) Math.min(len - f.offsets[i], 1 << 20)];
                raf.readFully(chunk);
                f.offsets[i] += chunk.length;
                for (byte b : chunk) {
                    if (f.skipToNewline[i]) {
                        f.skipToNewline[i] = b != '\n';
                        continue;
                    }
                    if (b == '\n') {
                        emit(f, s, f.partial[i]);
                    } else if (b != '\r') {
                        if (f.partial[i].size() >= MAX_LINE) {
                            emit(f, s, f.partial[i]);
                        }
                        f.partial[i].write(b);
                    }
                }
                giveBack(f, i, s.file());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "logs.read-failed file=" + s.file() + " error=" + e.getMessage());
            }
        }
    }

    /** Punches out what was read of file {@code i} once it is {@link #punchStep} more than last time. */
    private void giveBack(Follow f, int i, Path file) {
        long upTo = (f.offsets[i] - CATCH_UP_BYTES) / BLOCK * BLOCK;
        if (f.punched[i] < 0 || upTo - f.punched[i] < punchStep) {
            return;
        }
        try {
            Process p = new ProcessBuilder("fallocate", "--punch-hole", "--offset", "0", "--length", Long.toString(upTo),
                    file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() == 0) {
                f.punched[i] = upTo;
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "logs.punch-failed file=" + file + " error=\"" + out + "\"");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "logs.punch-failed file=" + file + " error=\"" + e.getMessage() + "\"");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        f.punched[i] = -1;  // this file system or host cannot: let the file grow as before
    }

    private void emit(Follow f, Source s, ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        LogLine l = new LogLine(clock.instant(), s.channel(), f.index, text);
        f.buffer.append(l);
        if (s.channel() != LogLine.Channel.CELL) {
            try {
                appLines.accept(f.instanceId, l);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "logs.app-line-sink-failed instance=" + f.instanceId + " error=" + e);
            }
        }
        if (s.channel() == LogLine.Channel.CELL && f.consoleListener != null) {
            f.consoleListener.accept(text);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
