package dev.paas.kernel.api;

import dev.paas.kernel.core.ExitRecordFormat;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the app in a guest ended, as the init reports it in its one exit record line on the
 * console, e.g. {@code paas-exit status=exited code=3 stop=none uptime_ms=1840}. See
 * {@code kernel/README.md} ("Exit record") for the grammar.
 *
 * @param status   how it ended
 * @param code     the exit code for {@link Status#EXITED} and {@link Status#FAILED}
 *                 (127: program not found, 126: not executable, 1: bad spec, command or dir)
 * @param signal   the signal number for {@link Status#SIGNALED}
 * @param stop     whether the init had been asked to stop the app, and how far it went
 * @param uptimeMs guest uptime when the record was written
 * @param reason   for {@link Status#FAILED}: {@code spec}, {@code command}, {@code dir}, {@code user}, {@code disk}, {@code exec}
 *                 or {@code fork}
 * @param message  for {@link Status#FAILED}: what went wrong, for humans
 */
public record ExitRecord(Status status, OptionalInt code, OptionalInt signal, Stop stop, long uptimeMs,
                         Optional<String> reason, Optional<String> message) {

    /** The prefix that marks the exit record on the console. */
    public static final String PREFIX = ExitRecordFormat.PREFIX;

    public enum Status {
        /** The app exited by itself (or after SIGTERM) with {@link #code}. */
        EXITED,
        /** The app was killed by {@link #signal}. */
        SIGNALED,
        /** The init could not start the app; {@link #reason} and {@link #message} say why. */
        FAILED
    }

    public enum Stop {
        /** Nobody asked the app to stop. */
        NONE,
        /** A stop request arrived and the app got SIGTERM. */
        TERM,
        /** The grace period ran out and the app got SIGKILL. */
        KILL
    }

    /**
     * Reads one console line.
     *
     * @return the record, or empty when the line is not an exit record
     * @throws IllegalArgumentException when the line starts with {@link #PREFIX} but is malformed
     */
    public static Optional<ExitRecord> parse(String line) {
        return ExitRecordFormat.parse(line).map(f -> new ExitRecord(
                Status.valueOf(f.status().toUpperCase(java.util.Locale.ROOT)),
                f.code(), f.signal(),
                Stop.valueOf(f.stop().toUpperCase(java.util.Locale.ROOT)),
                f.uptimeMs(), f.reason(), f.message()));
    }

    /** A short human summary: "exited with code 3", "killed by signal 9 (after SIGTERM)". */
    public String describe() {
        String what = switch (status) {
            case EXITED -> "exited with code " + code.orElse(-1);
            case SIGNALED -> "killed by signal " + signal.orElse(-1);
            case FAILED -> "failed to start (" + reason.orElse("?") + "): " + message.orElse("");
        };
        return switch (stop) {
            case NONE -> what;
            case TERM -> what + " (after SIGTERM)";
            case KILL -> what + " (after SIGKILL, grace period over)";
        };
    }
}
