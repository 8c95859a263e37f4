import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

/**
 * Push benchmark: `paas push` of a Java hello jar until its first 200 through the router, on a
 * platform that bench/push/run started. Phases, all on this machine's one clock:
 *
 * <pre>
 *   upload      push starts (CLI process)     -> package row created      (CLI start, app, routes, bits)
 *   staging     package created               -> build finished           (queue, buildpack, jlink, image)
 *   scheduling  build finished                -> instance of the new revision on a node (CLAIMED/STARTING)
 *   boot        placed                        -> RUNNING (healthy)        (QEMU, kernel, JVM, app)
 *   routing     RUNNING                       -> the request that got the first 200 with the new
 *                                                version was sent          (agent report, scheduler, router table)
 *   app first   that request sent             -> its answer               (the app's first request: in the VM)
 * </pre>
 *
 * "outside boot" is what the platform adds around the VM: upload + staging + scheduling +
 * routing. The app's own first answer (a JVM under TCG loads and interprets its HTTP stack then,
 * a second or more) happens inside the VM and counts with boot. The client waits up to 60 s
 * per request, so that first answer is measured, not cut off and retried.
 *
 * Instance states are sampled every 25 ms (their {@code since} is the server's time of the
 * change); the router is polled every 25 ms with the app's Host header. "cold" is the first
 * push of a new app on a cache without JREs; "warm" pushes a changed jar to the running app
 * (a rolling deploy: the old instance serves until the new one is routed).
 *
 * Usage: java -cp cli/target/paas-cli.jar bench/push/PushBench.java API_URL ROUTER_PORT PAAS_HOME WORK_DIR [WARM_RUNS]
 */
public class PushBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    static final double GOAL_SECONDS = 2.0;
    static final String APP = "bench-hello";
    static final String HOST = APP + ".localhost";

    static String api;
    static int routerPort;
    static Path home;
    static Path work;
    static String token;

    record Result(String kind, double upload, double staging, double scheduling, double boot, double routing,
                  double appFirst) {
        double total() {
            return upload + staging + scheduling + boot + routing + appFirst;
        }

        double outsideBoot() {
            return upload + staging + scheduling + routing;
        }
    }

    public static void main(String[] args) throws Exception {
        api = args[0];
        routerPort = Integer.parseInt(args[1]);
        home = Path.of(args[2]);
        work = Files.createDirectories(Path.of(args[3]));
        int warmRuns = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        token = JSON.readTree(Files.readString(home.resolve("config.json"))).path("token").asText();

        List<Result> results = new ArrayList<>();
        results.add(push("cold", 1));
        for (int i = 0; i < warmRuns; i++) {
            results.add(push("warm", 2 + i));
        }
        System.out.println();
        System.out.printf("%-6s %8s %8s %11s %7s %8s %10s %8s %13s %9s%n", "push", "upload", "staging", "scheduling",
                "boot", "routing", "app first", "total", "outside boot", "vs goal");
        for (Result r : results) {
            System.out.printf("%-6s %7.2fs %7.2fs %10.2fs %6.2fs %7.2fs %9.2fs %7.2fs %12.2fs %8.2fx%n", r.kind(), r.upload(),
                    r.staging(), r.scheduling(), r.boot(), r.routing(), r.appFirst(), r.total(), r.outsideBoot(),
                    r.outsideBoot() / GOAL_SECONDS);
        }
        System.out.printf("goal: warm 'outside boot' <= %.0f s (vs goal: outside boot / goal; <= 1.00x meets it)%n",
                GOAL_SECONDS);
    }

    static Result push(String kind, int version) throws Exception {
        Path jar = helloJar(version);
        Instant t0 = Instant.now();
        // As a user runs it: the ./paas launcher (its JVM flags and class-data archive included).
        Process cli = new ProcessBuilder(Path.of("paas").toAbsolutePath().toString(), "push", APP, "-p", jar.toString(), "-m", "256M")
                .redirectErrorStream(true).redirectOutput(work.resolve("push-" + version + ".log").toFile())
                .directory(work.toFile()).start();
        cli.getOutputStream().close();

        // Sample instances and the router until the new version answers.
        Instant placed = null;
        Instant running = null;
        Instant served = null;
        Instant sent = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        Long revision = null;
        while (served == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(kind + " push " + version + " did not serve in 8 minutes; see " + work);
            }
            if (revision == null) {
                revision = currentBuildRevision(t0);
            }
            if (revision != null && running == null) {
                for (JsonNode i : get("/v1/spaces/default/apps/" + APP + "/instances")) {
                    if (i.path("revision").asLong() != revision) {
                        continue;
                    }
                    String state = i.path("state").asText();
                    Instant since = Instant.parse(i.path("since").asText());
                    if (placed == null && List.of("CLAIMED", "STARTING").contains(state)) {
                        placed = since;  // on a node: CLAIMED, or STARTING when CLAIMED fell between samples
                    }
                    if (state.equals("RUNNING")) {
                        running = since;
                    }
                }
            }
            if (running != null && served == null) {
                try {
                    Instant asked = Instant.now();
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/"))
                            .header("Host", HOST).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("version=" + version)) {
                        served = Instant.now();
                        sent = asked;
                    }
                } catch (java.io.IOException e) {
                    // not yet
                }
            }
            if (served == null) {
                Thread.sleep(25);
            }
        }
        if (!cli.waitFor(5, TimeUnit.MINUTES) || cli.exitValue() != 0) {
            throw new IllegalStateException("paas push failed; see " + work.resolve("push-" + version + ".log"));
        }
        JsonNode build = latestBuild();
        Instant built = Instant.parse(build.path("finishedAt").asText());
        Instant packaged = latestPackage();
        if (placed == null) {
            placed = built;  // never sampled before RUNNING: scheduling counts as boot
        }
        // A request sent before RUNNING was reported (sampling) counts as routed at once.
        Instant routed = sent.isBefore(running) ? running : sent;
        Result r = new Result(kind, secs(t0, packaged), secs(packaged, built), secs(built, placed), secs(placed, running),
                secs(running, routed), secs(routed, served));
        System.out.printf("%s push (version %d): build phases %s%n", kind, version, build.path("phases"));
        return r;
    }

    static Long currentBuildRevision(Instant after) throws Exception {
        JsonNode b = latestBuild();
        if (b == null || Instant.parse(b.path("createdAt").asText()).isBefore(after) || !b.path("state").asText().equals("STAGED")) {
            return null;
        }
        return b.path("revision").asLong();
    }

    static JsonNode latestBuild() throws Exception {
        JsonNode list = get("/v1/spaces/default/apps/" + APP + "/builds");
        JsonNode items = list.has("items") ? list.get("items") : list;
        JsonNode latest = null;
        for (JsonNode b : items) {
            if (latest == null || b.path("id").asLong() > latest.path("id").asLong()) {
                latest = b;
            }
        }
        return latest;
    }

    static Instant latestPackage() throws Exception {
        Instant latest = Instant.EPOCH;
        for (JsonNode p : get("/v1/spaces/default/apps/" + APP + "/packages")) {
            Instant at = Instant.parse(p.path("createdAt").asText());
            latest = at.isAfter(latest) ? at : latest;
        }
        return latest;
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return JSON.createArrayNode();
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    static double secs(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** A jdk.httpserver hello that says its version, compiled and packed as an executable jar. */
    static Path helloJar(int version) throws Exception {
        Path dir = Files.createDirectories(work.resolve("hello-" + version));
        Path src = dir.resolve("Hello.java");
        Files.writeString(src, """
                import com.sun.net.httpserver.HttpServer;
                import java.net.InetSocketAddress;
                import java.nio.charset.StandardCharsets;

                public class Hello {
                    public static void main(String[] args) throws Exception {
                        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
                        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
                        server.createContext("/", exchange -> {
                            byte[] body = "hello version=%d\\n".getBytes(StandardCharsets.UTF_8);
                            exchange.sendResponseHeaders(200, body.length);
                            exchange.getResponseBody().write(body);
                            exchange.close();
                        });
                        server.start();
                        System.out.println("hello version %d listening on " + port);
                    }
                }
                """.formatted(version, version));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", classes.toString(), src.toString()) != 0) {
            throw new IllegalStateException("javac failed");
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        Path jar = dir.resolve("hello.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf); var files = Files.list(classes)) {
            for (Path c : files.sorted().toList()) {
                out.putNextEntry(new JarEntry(c.getFileName().toString()));
                Files.copy(c, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
