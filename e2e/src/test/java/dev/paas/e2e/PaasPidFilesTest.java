package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When {@code ./paas} trusts a pid file ({@code scripts/lib/procs.sh}'s {@code running_pid}):
 * only when the process still runs the component's jar for this data directory and started when
 * the file says. A recycled pid, another platform's process or a stale file is not trusted, and
 * the file is removed. Fast: no platform is started, stand-in processes carry the argv.
 */
class PaasPidFilesTest {

    @TempDir
    Path tmp;
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    /** A process whose argv is what ./paas gives the control plane of {@code dataDir}; it runs until stopped. */
    Process standIn(Path dataDir) throws Exception {
        // "; true" keeps bash from exec'ing sleep, so the argv stays bash's.
        Process p = new ProcessBuilder("bash", "-c", "sleep 60; true", "java", "-Dpaas-up.data-dir=" + dataDir, "-jar",
                "/opt/paas/quarkus-run.jar").start();
        started.add(p);
        return p;
    }

    /** {@code running_pid control-plane} in a shell that sourced procs.sh: its exit code and output. */
    String[] runningPid(Path dataDir) throws Exception {
        String script = "set -u; DATA_DIR='" + dataDir + "'; RUN_DIR='" + dataDir.resolve("run") + "'; "
                + "API_JAR=/opt/paas/quarkus-run.jar; AGENT_JAR=/a.jar; ROUTER_JAR=/r.jar; "
                + ". '" + Platform.ROOT.resolve("scripts/lib/procs.sh") + "'; running_pid control-plane";
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new String[] {Integer.toString(p.exitValue()), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()};
    }

    void pidFile(Path dataDir, long pid, String start) throws Exception {
        Files.createDirectories(dataDir.resolve("run"));
        Files.writeString(dataDir.resolve("run/control-plane.pid"), pid + "\n");
        if (start != null) {
            Files.writeString(dataDir.resolve("run/control-plane.start"), start + "\n");
        }
    }

    static String startTime(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
    }

    @Test
    void theProcessThatWasStartedIsTrusted() throws Exception {
        Path data = tmp.resolve("data");
        Process p = standIn(data);
        pidFile(data, p.pid(), startTime(p.pid()));
        assertThat(runningPid(data)).containsExactly("0", Long.toString(p.pid()));
    }

    @Test
    void aRecycledPidWithAnotherStartTimeIsNotTrustedAndItsFileGoes() throws Exception {
        Path data = tmp.resolve("data");
        Process p = standIn(data);
        pidFile(data, p.pid(), "1");
        assertThat(runningPid(data)[0]).isEqualTo("1");
        assertThat(data.resolve("run/control-plane.pid")).doesNotExist();
        assertThat(data.resolve("run/control-plane.start")).doesNotExist();
    }

    @Test
    void anotherProgramOrAnotherPlatformsProcessIsNotTrusted() throws Exception {
        Path data = tmp.resolve("data");
        Process sleep = new ProcessBuilder("sleep", "60").start();
        started.add(sleep);
        pidFile(data, sleep.pid(), startTime(sleep.pid()));
        assertThat(runningPid(data)[0]).as("sleep is not the control plane").isEqualTo("1");

        Process other = standIn(tmp.resolve("other-data"));
        pidFile(data, other.pid(), startTime(other.pid()));
        assertThat(runningPid(data)[0]).as("the control plane of another data directory").isEqualTo("1");
        assertThat(data.resolve("run/control-plane.pid")).doesNotExist();
    }

    @Test
    void aDeadProcessIsNotTrustedAndSaysNothingOnStderr() throws Exception {
        Path data = tmp.resolve("data");
        Process p = standIn(data);
        String start = startTime(p.pid());
        p.destroyForcibly().waitFor();
        pidFile(data, p.pid(), start);
        assertThat(runningPid(data)).containsExactly("1", "");
        assertThat(data.resolve("run/control-plane.pid")).doesNotExist();
    }
}
