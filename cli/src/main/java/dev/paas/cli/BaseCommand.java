package dev.paas.cli;

import dev.paas.cli.core.CliException;
import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.Config;
import dev.paas.cli.infra.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: {@code --json}, {@code --help}, the context, the logged-in API
 * client and the targeted space. A command implements {@link #run()} and throws to fail.
 */
abstract class BaseCommand implements Callable<Integer> {

    @ParentCommand
    PaasCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the control plane's JSON instead of text.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private Config config;

    @Override
    public final Integer call() {
        run();
        cli().out().flush();
        return CliException.OK;
    }

    /** Does the work; returns normally on success, throws a {@link CliException} otherwise. */
    protected abstract void run();

    protected Cli cli() {
        return root.cli();
    }

    protected Config config() {
        if (config == null) {
            config = cli().configStore().load();
        }
        return config;
    }

    protected void saveConfig(Config c) {
        cli().configStore().save(c);
        config = c;
    }

    /** A client with the saved token; fails with a hint when nobody is logged in. */
    protected ApiClient api() {
        Config c = config();
        if (c.token() == null) {
            throw new CliException("not logged in: run 'paas login'");
        }
        return new ApiClient(cli().http(), c.apiOrDefault(), c.token());
    }

    /** The targeted space; fails with a hint when none is. */
    protected String space() {
        String s = config().space();
        if (s == null || s.isBlank()) {
            throw new CliException("no space targeted: run 'paas target -s SPACE' ('paas spaces' lists them)");
        }
        return s;
    }

    protected String appPath(String app) {
        return ApiClient.appPath(space(), app);
    }

    protected void println(String line) {
        cli().out().println(line);
    }

    protected void print(String text) {
        cli().out().print(text);
    }

    /** A note for the person (progress, hints): on stderr, so stdout stays the result. */
    protected void note(String line) {
        cli().err().println(line);
        cli().err().flush();
    }

    protected void printJson(Object value) {
        println(Json.pretty(value));
    }

    /** Asks yes/no on the terminal; anything but y/yes (including end of input) is no. */
    protected boolean confirm(String question) {
        String answer = cli().prompt(question + " [y/N] ");
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }
}
