package dev.paas.nodeagent.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads {@code /proc/<pid>}: start time, CPU time and RSS of a process (proc(5)). Field numbers
 * are 1-based as in the man page; the command name (field 2) may contain blanks and parentheses,
 * so parsing starts after its last ')'.
 */
public final class ProcStats {

    /** Clock ticks per second ({@code getconf CLK_TCK}); 100 on every Linux we run on. */
    static final double CLK_TCK = 100.0;
    static final long PAGE_SIZE = 4096;

    /** @param startTicks field 22; @param cpuSeconds fields 14+15 (utime + stime); @param rssBytes statm resident */
    public record Sample(long startTicks, double cpuSeconds, long rssBytes) {}

    private ProcStats() {}

    public static Optional<Sample> read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state): field n is f[n - 3].
            if (f[0].equals("Z") || f[0].equals("X")) {
                return Optional.empty();
            }
            long utime = Long.parseLong(f[14 - 3]);
            long stime = Long.parseLong(f[15 - 3]);
            long start = Long.parseLong(f[22 - 3]);
            String statm = Files.readString(Path.of("/proc", Long.toString(pid), "statm"), StandardCharsets.US_ASCII);
            long resident = Long.parseLong(statm.split(" ")[1]);
            return Optional.of(new Sample(start, (utime + stime) / CLK_TCK, resident * PAGE_SIZE));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The NUL-separated command line of a process, joined by blanks; empty when it is gone. */
    public static Optional<String> cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(b, StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
