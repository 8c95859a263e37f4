package dev.paas.nodeagent.vm;

import dev.paas.nodeagent.infra.Json;
import dev.paas.nodeagent.infra.VmRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Test helpers around the QEMU processes of one state directory: find them, and kill them all. */
final class VmFleet {

    private VmFleet() {}

    /** instance id → QEMU pid, from the state directory's VM records. */
    static Map<Long, Long> pids(Path stateDir) throws IOException {
        Map<Long, Long> out = new HashMap<>();
        Path vms = stateDir.resolve("vms");
        if (!Files.isDirectory(vms)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(vms)) {
            for (Path d : dirs.toList()) {
                Path f = d.resolve("vm.json");
                if (Files.exists(f)) {
                    VmRecord r = Json.MAPPER.readValue(f.toFile(), VmRecord.class);
                    out.put(r.instanceId(), r.pid());
                }
            }
        }
        return out;
    }

    /** Kills every QEMU whose command line mentions {@code stateDir}, recorded or not. */
    static void killAll(Path stateDir) {
        String marker = stateDir.toAbsolutePath().normalize().toString();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                String cmd = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                        StandardCharsets.UTF_8);
                if (cmd.startsWith("/usr/bin/qemu-system") && cmd.contains(marker)) {
                    p.destroyForcibly();
                }
            } catch (IOException ignored) {
                // gone or not ours
            }
        });
    }
}
