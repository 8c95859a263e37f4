package dev.paas.cli;

import dev.paas.cli.core.CliException;
import dev.paas.cli.core.InputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code paas} jar. Every failure ends as one line {@code paas: <message>} on
 * stderr and a non-zero exit code ({@link CliException#FAILED} or {@link CliException#USAGE});
 * a stack trace only with {@code PAAS_DEBUG=1}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Cli cli = Cli.system();
        // A thread of ours that dies says one line too, never a trace (unless PAAS_DEBUG=1).
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> failed(cli, e));
        System.exit(run(cli, args));
    }

    /**
     * Runs one command. Whatever is thrown, an {@link Error} included (picocli hands only
     * exceptions to its handler), ends as one line on stderr and an exit code.
     */
    public static int run(Cli cli, String... args) {
        int code;
        try {
            code = commandLine(cli).execute(args);
        } catch (Throwable t) { // StackOverflowError, OutOfMemoryError, ...: one line, no trace
            code = failed(cli, t);
        }
        cli.out().flush();
        cli.err().flush();
        return code;
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine(Cli cli) {
        CommandLine cl = new CommandLine(new PaasCommand(cli));
        cl.setOut(cli.out());
        cl.setErr(cli.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(cli, ex));
        cl.setParameterExceptionHandler((ex, args) -> {
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            cli.err().println("paas: " + ex.getMessage() + " (see '" + name + " --help')");
            cli.err().flush();
            return CliException.USAGE;
        });
        return cl;
    }

    static int failed(Cli cli, Throwable ex) {
        PrintWriter err = cli.err();
        int code;
        if (ex instanceof InputException in) {
            in.problems().forEach(p -> err.println("paas: " + oneLine(p)));
            code = CliException.USAGE;
        } else if (ex instanceof CliException c) {
            err.println("paas: " + oneLine(String.valueOf(c.getMessage())));
            code = c.exitCode();
        } else {
            err.println("paas: unexpected error: " + oneLine(ex) + (cli.debug() ? "" : " (PAAS_DEBUG=1 shows details)"));
            code = CliException.FAILED;
        }
        if (cli.debug()) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        cli.out().flush();
        err.flush();
        return code;
    }

    /** The throwable as {@code toString()} gives it, on one line. */
    private static String oneLine(Throwable t) {
        return oneLine(t.toString());
    }

    /** A message from anywhere (the control plane's included) as one line: each refusal is one line. */
    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
