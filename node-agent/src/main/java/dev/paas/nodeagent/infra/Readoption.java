package dev.paas.nodeagent.infra;

import dev.paas.model.DesiredInstance;
import dev.paas.model.InstanceState;
import dev.paas.nodeagent.api.VmDriver;
import dev.paas.nodeagent.api.VmHandle;
import dev.paas.nodeagent.core.GuestApp;
import dev.paas.nodeagent.core.HealthMonitor;
import dev.paas.nodeagent.core.HealthPolicy;
import dev.paas.nodeagent.core.LogLine;
import dev.paas.nodeagent.core.PortAllocator;
import dev.paas.nodeagent.core.RingBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Re-adoption after an agent restart: turns a VM a previous agent process left ({@link
 * VmDriver#recover()}) into an {@link Instance} again, from the handle and the {@code desired.json}
 * beside the VM. A live VM keeps its pid and host port and resumes its health checks; a dead one
 * is recorded with how it ended, so the control plane hears of it. Runs on the supervisor's
 * context, before its first tick.
 */
final class Readoption {

    private static final System.Logger LOG = System.getLogger("dev.paas.nodeagent.supervisor");

    private final VmDriver driver;
    private final LogTailer tailer;
    private final PortAllocator ports;
    private final HealthPolicy policy;
    private final Function<Long, Path> vmDirs;
    private final InstanceLogs logs;
    private final BiConsumer<Instance, String> console;

    /** {@code console} gets every console line of a live adopted instance (on the tailer's thread). */
    Readoption(VmDriver driver, LogTailer tailer, PortAllocator ports, HealthPolicy policy,
               Function<Long, Path> vmDirs, InstanceLogs logs, BiConsumer<Instance, String> console) {
        this.driver = driver;
        this.tailer = tailer;
        this.ports = ports;
        this.policy = policy;
        this.vmDirs = vmDirs;
        this.logs = logs;
        this.console = console;
    }

    /** The instance the handle stands for, with its health as of {@code now}. */
    Instance adopt(VmHandle h, Instant now) {
        Instance i = new Instance(h.instanceId(), h.app(), h.index(), h.memoryMib());
        Path dir = vmDirs.apply(h.instanceId());
        i.desired = readDesired(dir, h.instanceId());
        i.handle = h;
        RingBuffer<LogLine> buffer = logs.buffer(i.id);
        if (h.adoptedDead()) {
            String why = driver.inspect(h).exitReason().orElse("QEMU is gone");
            i.health = HealthMonitor.starting(i.check().type(), policy, h.startedAt());
            if (h.stopRequested()) {
                i.health.stopRequested(now);
            }
            i.health.exited(why + " (found after an agent restart)", now);
            tailer.follow(i.id, i.index, dir, buffer, null);
            tailer.unfollow(i.id);
            LOG.log(System.Logger.Level.WARNING, "instance.adopted-dead instance=" + i.id + " state="
                    + i.health.state() + " reason=\"" + why + "\"");
            return i;
        }
        if (!ports.reserve(h.hostPort())) {
            LOG.log(System.Logger.Level.WARNING, "instance.adopted-port-outside-range instance=" + i.id
                    + " port=" + h.hostPort());
        }
        i.port = h.hostPort();
        i.endpoint = h.endpoint();
        i.health = HealthMonitor.adopted(i.check().type(), i.startupPolicy(policy), h.startedAt(), now);
        // Past its start-up window and alive: the init did start the app (its console line may
        // lie beyond what the tailer re-reads). Still starting: the lines re-read from the console
        // file (the supervisor flushes them before the first check) say how far it got.
        i.guest = i.health.state() == InstanceState.RUNNING ? GuestApp.ASSUMED_STARTED : GuestApp.NOT_STARTED;
        tailer.follow(i.id, i.index, dir, buffer, line -> console.accept(i, line));
        logs.note(i.id, i.index, "re-adopted QEMU pid " + h.pid() + " after an agent restart");
        LOG.log(System.Logger.Level.INFO, "instance.adopted instance=" + i.id + " pid=" + h.pid()
                + " endpoint=" + h.endpoint());
        return i;
    }

    /** Writes the instance's desired entry beside its VM; atomic, so a crash never leaves half a file. */
    static void writeDesired(Path vmDir, DesiredInstance d) throws IOException {
        StateDir.writeAtomically(vmDir.resolve("desired.json"), Json.MAPPER.writeValueAsBytes(d));
    }

    private static DesiredInstance readDesired(Path dir, long instanceId) {
        try {
            Path d = dir.resolve("desired.json");
            return Files.exists(d) ? Json.MAPPER.readValue(d.toFile(), DesiredInstance.class) : null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "instance.desired-unreadable instance=" + instanceId);
            return null;
        }
    }
}
