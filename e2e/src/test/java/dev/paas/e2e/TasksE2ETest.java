package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tasks (issue 15), through the CLI as a user runs them: Debian's static busybox pushed with no
 * instance (its start command needs a shell, so its image has one and a task's command runs
 * through {@code /bin/sh -c}, as Cloud Foundry runs it); a task that exits 0 ends SUCCEEDED and
 * its output is in {@code paas logs} tagged {@code APP/TASK/<name>}; one that exits 3 ends
 * FAILED with code 3; {@code terminate-task} stops a running {@code sleep 600} (FAILED,
 * cancelled) and its VM is gone. Three task VMs, no other boot.
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TasksE2ETest extends CliPlatformTest {

    static final String APP = "tasky";
    static final Duration TASK = Duration.ofSeconds(120);
    static final String MARK = "task-says-hello-" + ProcessHandle.current().pid();

    @Override
    String platformName() {
        return "tasks";
    }

    /** The task with that id, as {@code paas tasks APP --json} lists it. */
    JsonNode task(int id) {
        try {
            Cli.Run r = cli.run(work, "tasks", APP, "--json");
            assertThat(r.code()).as(r.toString()).isZero();
            for (JsonNode t : Platform.JSON.readTree(r.out()).get("items")) {
                if (t.get("id").asInt() == id) {
                    return t;
                }
            }
            throw new AssertionError("no task " + id + " in " + r.out());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode awaitState(int id, String state) throws InterruptedException {
        JsonNode[] last = new JsonNode[1];
        platform.await("task " + id + " " + state, TASK, () -> {
            last[0] = task(id);
            String s = last[0].get("state").asText();
            assertThat(s).as("task %d: %s", id, last[0]).isIn(state, "PENDING", "RUNNING");
            return s.equals(state);
        });
        return last[0];
    }

    int runTask(String... args) throws Exception {
        String[] full = new String[args.length + 3];
        full[0] = "run-task";
        full[1] = APP;
        System.arraycopy(args, 0, full, 2, args.length);
        full[full.length - 1] = "--json";
        Cli.Run r = cli.run(work, full);
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode t = Platform.JSON.readTree(r.out());
        assertThat(t.get("state").asText()).isEqualTo("PENDING");
        return t.get("id").asInt();
    }

    @Test
    @Order(1)
    void aStagedAppWithNoInstanceRunsATaskThatSucceedsAndLogsItsOutput() throws Exception {
        assertThat(Apps.BUSYBOX).as("Debian's busybox-static (PAAS_PACKAGES)").isExecutable();
        Path dir = Files.createDirectories(work.resolve(APP));
        Files.copy(Apps.BUSYBOX, dir.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(dir.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        // A command that needs a shell: the image carries one, and so do its tasks.
        Cli.Run push = cli.run(work, "push", APP, "-p", dir.toString(), "-m", "64M", "-i", "0",
                "-c", "mkdir -p /tmp/www && exec /app/busybox httpd -f -p $PORT -h /tmp/www");
        assertThat(push.code()).as(push.toString()).isZero();

        int id = runTask("--command", "echo " + MARK + " index=$CF_INSTANCE_INDEX", "--name", "hello");
        assertThat(id).isEqualTo(1);
        JsonNode done = awaitState(id, "SUCCEEDED");
        assertThat(done.get("exitCode").asInt()).isZero();
        assertThat(done.get("name").asText()).isEqualTo("hello");
        assertThat(done.get("memory").asText()).isEqualTo("64M");

        platform.await("the task's line in paas logs", Duration.ofSeconds(30), () -> {
            try {
                Cli.Run logs = cli.run(work, "logs", APP, "--recent");
                return logs.out().lines().anyMatch(l -> l.contains("[APP/TASK/hello/0]") && l.contains(MARK + " index=0"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Cli.Run table = cli.run(work, "tasks", APP);
        assertThat(table.out()).contains("hello").contains("SUCCEEDED").contains("exit 0");
    }

    @Test
    @Order(2)
    void aFailingTaskEndsFailedWithItsCode() throws Exception {
        int id = runTask("exit 3", "--name", "bad");
        JsonNode done = awaitState(id, "FAILED");
        assertThat(done.get("exitCode").asInt()).isEqualTo(3);
        assertThat(done.get("failureReason").asText()).isEqualTo("APP/TASK/bad exited with status 3");
    }

    @Test
    @Order(3)
    void terminateTaskStopsARunningTaskAndItsVm() throws Exception {
        int id = runTask("--command", "/app/busybox sleep 600", "--name", "sleepy", "-m", "96M");
        awaitState(id, "RUNNING");
        assertThat(platform.vms()).as("the task's VM").hasSize(1);
        long t0 = System.nanoTime();
        Cli.Run stop = cli.run(work, "terminate-task", APP, Integer.toString(id));
        assertThat(stop.code()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains("task was cancelled");
        JsonNode t = task(id);
        assertThat(t.get("state").asText()).isEqualTo("FAILED");
        assertThat(t.get("failureReason").asText()).isEqualTo("task was cancelled");
        assertThat(t.has("exitCode")).isFalse();
        platform.await("the task's VM gone", Duration.ofSeconds(60), () -> platform.vms().isEmpty());
        System.out.printf("e2e.tasks terminate_cli_to_vm_gone_ms=%d%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(task(id).get("failureReason").asText()).as("the VM's end does not rewrite it").isEqualTo("task was cancelled");

        Cli.Run again = cli.run(work, "terminate-task", APP, Integer.toString(id));
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("has already ended").doesNotContain("Exception");
    }
}
