package dev.paas.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The paas CLI as a user runs it: the built jar in a process, with its own config directory. */
final class Cli {

    /** What one command did. */
    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Path home;

    Cli(Path home) {
        this.home = home;
    }

    Run run(Path cwd, String... args) throws IOException, InterruptedException {
        return run(java.util.Map.of(), cwd, args);
    }

    /** As {@link #run(Path, String...)}, with {@code env} added to the command's environment (a password). */
    Run run(java.util.Map<String, String> env, Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", Platform.ROOT.resolve("cli/target/paas-cli.jar").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("PAAS_HOME", home.toString());
        pb.environment().putAll(env);
        Path out = java.nio.file.Files.createTempFile("paas-cli", ".out");
        Path err = java.nio.file.Files.createTempFile("paas-cli", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("paas " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        Run r = new Run(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        java.nio.file.Files.deleteIfExists(out);
        java.nio.file.Files.deleteIfExists(err);
        return r;
    }
}
