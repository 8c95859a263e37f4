package dev.paas.cli;

import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.ConfigStore;
import dev.paas.cli.infra.HttpStager;
import dev.paas.cli.infra.HttpUploader;
import dev.paas.cli.infra.Stager;
import dev.paas.cli.infra.Uploader;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything a command touches outside itself: environment, streams, terminal, clock, HTTP and
 * the push ports. {@link #system()} wires the real ones; tests build one around strings, a temp
 * {@code PAAS_HOME} and a stub server, and run commands through {@link Main#commandLine(Cli)}.
 *
 * @param console       null when stdin is not a terminal (no prompts without echo, no progress bars)
 * @param workDir       where relative paths given on the command line start
 * @param pollInterval  how often {@code push} and {@code restart} look at instances
 */
public record Cli(Map<String, String> env, PrintWriter out, PrintWriter err, BufferedReader in, Console console,
                  Path workDir, Clock clock, HttpClient http, Function<ApiClient, Uploader> uploaders,
                  Function<ApiClient, Stager> stagers, Duration pollInterval) {

    public static Cli system() {
        Console console = System.console();
        return new Cli(System.getenv(), new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), console,
                Path.of("").toAbsolutePath(), Clock.systemUTC(), ApiClient.defaultHttpClient(), HttpUploader::new,
                HttpStager::new, Duration.ofSeconds(1));
    }

    public ConfigStore configStore() {
        return ConfigStore.fromEnv(env);
    }

    public boolean debug() {
        return "1".equals(env.get("PAAS_DEBUG")) || "true".equalsIgnoreCase(env.get("PAAS_DEBUG"));
    }

    /** Whether a person watches: progress bars and prompts only then. */
    public boolean interactive() {
        return console != null;
    }

    /** Reads one line after printing {@code prompt} on stderr; null at end of input. */
    public String prompt(String prompt) {
        err.print(prompt);
        err.flush();
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a secret without echo on a terminal; from stdin (echoed nowhere) otherwise. */
    public String promptSecret(String prompt) {
        if (console != null) {
            char[] p = console.readPassword("%s", prompt);
            return p == null ? null : new String(p);
        }
        return prompt(prompt);
    }
}
