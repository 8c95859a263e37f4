package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.StagingListener;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a build tool of a source buildpack (go, npm, pip) on the build host: in a directory, with
 * exactly the environment given (nothing of the control plane's own environment leaks to the
 * app's tools), stdin closed, stdout and stderr merged and streamed to the staging log line by
 * line, killed past a time-out. A failure ends the build with the tool's last lines in the
 * message; they are in the STG lines already.
 */
final class Tools {

    /** The PATH tools see: Debian's, never the build host user's (pyenv shims and the like). */
    static final String PATH = "/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** How many of the tool's last lines a failure message carries. */
    static final int TAIL_LINES = 12;

    private Tools() {}

    /** The output a tool printed and how it ended. */
    record Result(int exit, List<String> lines) {}

    /**
     * @param what    the tool's name in messages ({@code go build})
     * @param install the Debian package to name when the tool is not there
     * @throws StagingException {@code BUILD_FAILED} when the tool is missing, fails or runs out of time
     */
    static Result run(String what, String install, List<String> cmd, Path dir, Map<String, String> env,
                      Duration timeout, StagingListener out) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", PATH);
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED,
                    cmd.get(0) + " not found on the build host: apt-get install " + install);
        }
        p.getOutputStream().close();
        Deque<String> tail = new ArrayDeque<>();
        List<String> all = new java.util.ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    out.line("       " + line);
                    synchronized (tail) {
                        all.add(line);
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "tool-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new StagingException(StagingException.Reason.BUILD_FAILED,
                        what + " took longer than " + timeout.toSeconds() + " s and was stopped");
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + what, e);
        }
        synchronized (tail) {
            if (p.exitValue() != 0) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, what + " failed (exit "
                        + p.exitValue() + ")" + (tail.isEmpty() ? "" : ":\n" + String.join("\n", tail)));
            }
            return new Result(p.exitValue(), List.copyOf(all));
        }
    }
}
