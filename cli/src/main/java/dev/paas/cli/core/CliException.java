package dev.paas.cli.core;

/**
 * A failure the user can act on, printed as one line {@code paas: <message>} with {@link
 * #exitCode()}. Never carries a stack trace to the user (only with {@code PAAS_DEBUG=1}).
 */
public class CliException extends RuntimeException {

    /** Success. */
    public static final int OK = 0;
    /** The command failed: the control plane refused, was unreachable, or the work did not finish. */
    public static final int FAILED = 1;
    /** Bad usage or bad input found before anything was sent (flags, manifest, paths). */
    public static final int USAGE = 2;

    private final int exitCode;

    public CliException(String message) {
        this(message, FAILED);
    }

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = FAILED;
    }

    public int exitCode() {
        return exitCode;
    }
}
