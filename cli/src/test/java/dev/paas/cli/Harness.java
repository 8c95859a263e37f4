package dev.paas.cli;

import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.Config;
import dev.paas.cli.infra.ConfigStore;
import dev.paas.cli.infra.HttpStager;
import dev.paas.cli.infra.HttpUploader;
import dev.paas.cli.infra.Stager;
import dev.paas.cli.infra.Uploader;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Runs {@code paas} commands in-process against a {@link StubServer}, with a temp {@code PAAS_HOME}. */
final class Harness {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    record Result(int code, String out, String err) {
    }

    final Path home;
    final Path workDir;
    final Map<String, String> env = new HashMap<>();
    String stdin = "";
    Function<ApiClient, Uploader> uploaders = HttpUploader::new;
    Function<ApiClient, Stager> stagers = HttpStager::new;

    Harness(Path tmp) {
        this.home = tmp.resolve("home");
        this.workDir = tmp.resolve("work");
        env.put("PAAS_HOME", home.toString());
        try {
            java.nio.file.Files.createDirectories(workDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    ConfigStore store() {
        return new ConfigStore(home);
    }

    Harness loggedIn(String url) {
        store().save(new Config(url, "tok-123", "alice", "default"));
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(cli(new PrintWriter(out, true), new PrintWriter(err, true)), args);
        return new Result(code, out.toString(), err.toString());
    }

    Cli cli() {
        return cli(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    private Cli cli(PrintWriter out, PrintWriter err) {
        return new Cli(Map.copyOf(env), out, err, new BufferedReader(new StringReader(stdin)), null, workDir,
                Clock.fixed(NOW, ZoneOffset.UTC), ApiClient.defaultHttpClient(), uploaders, stagers,
                Duration.ofMillis(5));
    }
}
