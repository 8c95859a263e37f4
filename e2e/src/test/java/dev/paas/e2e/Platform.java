package dev.paas.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A whole local platform for end-to-end tests, from the built artifacts, as real processes:
 * the control plane (with its embedded PostgreSQL), a router and a node agent, each with its log
 * under {@code target/e2e/<name>/}. Closing it stops the apps first (so the agent stops their
 * VMs), then every process, then any QEMU left with this platform's state directory.
 */
public final class Platform implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String ADMIN_PASSWORD = "e2e-admin-password";
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    final Path dir;
    final int apiPort;
    final int routerPort;
    final int agentPort;
    final int routerAdminPort;
    final String routerKey = "e2e-router-key";
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private Process agent;
    private Process router;
    /** Where the control plane and the router listen: loopback, or a host of a {@link DataCentre}. */
    private final String apiHost;
    private String routerHost = "127.0.0.1";
    private Map<String, String> controlPlaneEnv = Map.of();
    private List<String> controlPlanePrefix = List.of();
    /** State directories of the agents started with {@link #startAgentOn}, whose networks close() removes. */
    private final List<Path> agentStateDirs = new ArrayList<>();
    String adminToken;

    private Platform(Path dir, String apiHost) {
        this.dir = dir;
        this.apiHost = apiHost;
        this.apiPort = freePort();
        this.routerPort = freePort();
        this.agentPort = freePort();
        this.routerAdminPort = freePort();
    }

    /** Starts the control plane and waits until it is ready and the admin is logged in. */
    static Platform start(String name) throws Exception {
        return start(name, Map.of());
    }

    /** As {@link #start(String)}, with more (or other) control-plane settings, e.g. {@code PAAS_STORAGE_MAX_PACKAGE_BYTES}. */
    static Platform start(String name, Map<String, String> env) throws Exception {
        return start(name, env, List.of(), "127.0.0.1");
    }

    /**
     * As {@link #start(String, Map)}, with the control plane started by {@code prefix} (e.g.
     * {@link DataCentre#in}) and listening on {@code apiHost}.
     */
    static Platform start(String name, Map<String, String> env, List<String> prefix, String apiHost) throws Exception {
        Path dir = ROOT.resolve("e2e/target/e2e/" + name);
        deleteTree(dir);
        Files.createDirectories(dir);
        Platform p = new Platform(dir, apiHost);
        Map<String, String> all = new java.util.HashMap<>(Map.of("PAAS_DATA_DIR", dir.resolve("data").toString(),
                "QUARKUS_HTTP_PORT", Integer.toString(p.apiPort), "PAAS_ADMIN_PASSWORD", ADMIN_PASSWORD, "PAAS_ROUTER_KEY", p.routerKey,
                // An agent restart on a loaded 2-core machine (JVM start, KVM probe) can take
                // longer than the default 15 s; the tests here are not about node loss.
                "PAAS_SCHEDULER_HEARTBEAT_TIMEOUT", "60s", "PAAS_ROUTER_PUBLIC_PORT", Integer.toString(p.routerPort)));
        all.put("QUARKUS_HTTP_HOST", apiHost);
        all.putAll(env);
        p.controlPlaneEnv = Map.copyOf(all);
        p.controlPlanePrefix = List.copyOf(prefix);
        p.processes.add(p.launchControlPlane());
        p.await("control plane ready", Duration.ofSeconds(120), () -> p.status("GET", "/q/health/ready", null) == 200);
        p.adminToken = p.call("POST", "/v1/auth/login", Map.of("username", "admin", "password", ADMIN_PASSWORD)).get("token").asText();
        return p;
    }

    private Process launchControlPlane() throws IOException {
        return launch("control-plane", prefixed(controlPlanePrefix, List.of("java", "-jar",
                ROOT.resolve("api/target/quarkus-app/quarkus-run.jar").toString())), controlPlaneEnv);
    }

    /**
     * Starts the control plane again, with the same settings and data (after the test stopped or
     * killed it), and waits until it is ready. The admin's token stays valid.
     */
    Process restartControlPlane() throws Exception {
        if (controlPlane().isAlive()) {
            throw new IllegalStateException("the control plane still runs (pid " + controlPlane().pid() + ")");
        }
        Process cp = launchControlPlane();
        processes.set(0, cp);
        await("control plane ready again", Duration.ofSeconds(120), () -> status("GET", "/q/health/ready", null) == 200);
        return cp;
    }

    String api() {
        return "http://" + apiHost + ":" + apiPort;
    }

    /** Creates a pool and a join token and starts a node agent with it. */
    Process startAgent(String pool) throws Exception {
        call("POST", "/v1/node-pools", Map.of("name", pool));
        String token = call("POST", "/v1/node-pools/" + pool + "/join-tokens", Map.of()).get("token").asText();
        return startAgent(List.of("--join-token", token));
    }

    /** (Re)starts the node agent on this platform's state directory. */
    Process startAgent(List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", ROOT.resolve("node-agent/target/paas-node-agent.jar").toString(),
                "--control-plane", api(), "--address", "127.0.0.1", "--name", "e2e-node", "--state-dir", dir.resolve("agent").toString(),
                "--agent-port", Integer.toString(agentPort), "--port-range", (30000 + agentPort % 1000 * 20) + "-" + (30019 + agentPort % 1000 * 20),
                "--memory-limit", "2G"));
        cmd.addAll(extra);
        agent = launch("node-agent", cmd, Map.of());
        processes.add(agent);
        return agent;
    }

    /**
     * Starts another node agent, as the host {@code name} of a {@link DataCentre}: run by
     * {@code prefix}, reporting {@code address}, with a state directory of its own.
     */
    Process startAgentOn(List<String> prefix, String name, String address, String joinToken) throws Exception {
        int port = freePort();
        agentStateDirs.add(dir.resolve("agent-" + name));
        Process p = launch("node-agent-" + name, prefixed(prefix, List.of("java", "-jar",
                ROOT.resolve("node-agent/target/paas-node-agent.jar").toString(), "--control-plane", api(), "--address", address,
                "--agent-bind", address, "--name", name, "--state-dir", dir.resolve("agent-" + name).toString(),
                "--agent-port", Integer.toString(port), "--port-range", "30000-30019", "--memory-limit", "2G",
                "--join-token", joinToken)), Map.of());
        processes.add(p);
        return p;
    }

    Process agent() {
        return agent;
    }

    /** Starts a router on {@link #routerPort}, following this control plane's route table. */
    Process startRouter() throws Exception {
        return startRouter(List.of(), "127.0.0.1");
    }

    /** As {@link #startRouter()}, run by {@code prefix} and listening on {@code bind}. */
    Process startRouter(List<String> prefix, String bind) throws Exception {
        routerHost = bind;
        router = launch("router", prefixed(prefix, List.of("java", "-jar", ROOT.resolve("router/target/paas-router.jar").toString(),
                "--control-plane", api(), "--router-key", routerKey, "--port", Integer.toString(routerPort),
                "--bind", bind, "--admin-port", Integer.toString(routerAdminPort))), Map.of());
        processes.add(router);
        return router;
    }

    private static List<String> prefixed(List<String> prefix, List<String> cmd) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(cmd);
        return all;
    }

    /** The control plane process (to stop it and see that the data path keeps working). */
    Process controlPlane() {
        return processes.get(0);
    }

    /** A GET through the router, with the Host header an app's route needs. */
    HttpResponse<String> viaRouter(String host, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + routerHost + ":" + routerPort + path)).header("Host", host)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = send(method, path, body);
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    int status(String method, String path, Object body) {
        try {
            return send(method, path, body).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    HttpResponse<String> send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (adminToken != null) {
            b.header("Authorization", "Bearer " + adminToken);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    Process launch(String name, List<String> cmd, Map<String, String> env) throws IOException {
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what + " (logs in " + dir + ")");
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        // VMs outlive their agent by design; these are ours (their argv names our state directory).
        List<ProcessHandle> vms = qemus(true);
        vms.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : vms) {
            try {
                h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.err.println("e2e: QEMU " + h.pid() + " still runs 10 s after SIGKILL");
            }
        }
        // Their network namespaces (with the veths) and the agent's nftables table.
        HostNetwork.removeAgentNetworks(dir.resolve("agent"));
        agentStateDirs.forEach(HostNetwork::removeAgentNetworks);
    }

    /** This platform's app VMs: QEMU processes whose argv names our agent's state directory. */
    List<ProcessHandle> vms() {
        return qemus(false);
    }

    /** With {@code probes}, also the agent's short-lived KVM probe guest ({@code -accel kvm}). */
    private List<ProcessHandle> qemus(boolean probes) {
        String mark = dir.resolve("agent").toString();
        return ProcessHandle.allProcesses().filter(h -> h.info().commandLine()
                .map(c -> c.contains("qemu-system") && c.contains(mark) && (probes || !c.contains("accel kvm"))).orElse(false)).toList();
    }

    /** A CLI with its own config directory, logged in as the admin. */
    Cli loggedInCli(Path cwd) throws IOException, InterruptedException {
        Cli cli = new Cli(dir.resolve("cli"));
        Cli.Run login = cli.run(cwd, "login", "-a", api(), "-u", "admin", "-p", ADMIN_PASSWORD);
        if (login.code() != 0) {
            throw new AssertionError("paas login failed: " + login);
        }
        return cli;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
