package dev.paas.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A platform a test runs with {@code ./paas up -d} as a user does, in a directory of its own:
 * its data directory, the CLI's home and free ports, so it never meets a user's {@code ./paas up}
 * (or another test's) on this machine.
 */
final class LocalPlatform {

    /** What one {@code ./paas} command printed (stdout and stderr together) and its exit status. */
    record Run(int code, String out) {
    }

    final Path dir;
    final Path data;
    final int apiPort = Platform.freePort();
    final int routerPort = Platform.freePort();
    final int routerAdminPort = Platform.freePort();
    final int agentPort = Platform.freePort();
    private final Map<String, String> env;

    /** {@code env}: more of the platform's settings ({@code PAAS_SERVICES_ADDRESS}, ...). */
    LocalPlatform(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.env = Map.copyOf(env);
    }

    /** {@code ./paas ARGS} with this platform's data directory, ports and settings. */
    Run paas(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Platform.ROOT.resolve("paas").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Platform.ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.remove("PAAS_ADMIN_PASSWORD");
        e.remove("PAAS_DB_URL");
        e.remove("QUARKUS_HTTP_PORT");
        Map<String, String> ours = new HashMap<>(Map.of("PAAS_DATA_DIR", data.toString(),
                "PAAS_HOME", dir.resolve("cli").toString(), "PAAS_API_PORT", Integer.toString(apiPort),
                "PAAS_ROUTER_PORT", Integer.toString(routerPort), "PAAS_ROUTER_ADMIN_PORT", Integer.toString(routerAdminPort),
                "PAAS_AGENT_PORT", Integer.toString(agentPort),
                "PAAS_AGENT_PORT_RANGE", (31000 + agentPort % 1000 * 20) + "-" + (31019 + agentPort % 1000 * 20)));
        ours.putAll(env);
        e.putAll(ours);
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "paas", ".out");
        Process p = pb.redirectOutput(out.toFile()).start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("./paas " + String.join(" ", args) + " did not finish in 8 minutes:\n" + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    /** Every live process naming the data directory (platform processes, PostgreSQL, QEMU). */
    List<ProcessHandle> processes() {
        return ProcessHandle.allProcesses().filter(h -> !PaasUpE2ETest.state(h).equals("Z"))
                .filter(h -> PaasUpE2ETest.command(h).contains(data.toString())).toList();
    }

    /** After a test: {@code ./paas down} when something still runs, then SIGKILL what is left. */
    void stopWhatIsLeft() throws Exception {
        if (!processes().isEmpty()) {
            paas("down");
        }
        processes().forEach(ProcessHandle::destroyForcibly);
    }
}
