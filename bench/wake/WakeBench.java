import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.pushrules.IdleTimeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wake from zero through the whole platform (issue 18), on a platform bench/wake/run started
 * with {@code ./paas up -d}: a static site and bench/push's Java hello, each pushed with 1
 * instance, served once (its agent warms and snapshots it), given a short idle timeout (5 s and
 * 15 s: longer than their wakes, see the README), then N wakes with snapshot clones on and N with
 * clones off ({@code paas scale --no-clones}: every woken instance boots cold). One wake: wait until {@code paas app NAME --json} says idle with
 * no instance left, then time one GET through the router (the app's route in the Host header,
 * its own X-Request-Id) to its 200; afterwards read that request's RTR line ({@code wake_ms=},
 * how long the router held it) and the CELL lines since it was sent (restored from the snapshot,
 * or a cold boot) from {@code paas logs NAME --recent --json}.
 *
 * <p>Compiled by bench/wake/run together with bench/push/PushBench.java, whose {@code helloJar}
 * builds the Java app (a single-file source program cannot use another file's classes).
 *
 * <p>Usage: WakeBench ROOT ROUTER_PORT WORK_DIR [--runs N] [--idle-timeout DURATION]
 */
public class WakeBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** {@code 2026-12-06T13:00:00.123Z [CELL/0] OUT text} */
    static final Pattern LINE = Pattern.compile("^(\\S+) \\[(\\w+)(?:/(\\d+))?] \\w+ (.*)$");
    static final Pattern RESTORED = Pattern.compile("restored from snapshot ([0-9a-f]+) in (\\d+) ms");
    static final Pattern TAKEN = Pattern.compile("snapshot ([0-9a-f]+) taken: (.*)");
    static final Pattern NOT_TAKEN = Pattern.compile("no snapshot taken: (.*)");
    /** The RTR line's total and hold: {@code GET / 200 21 bytes 4517 ms wake_ms=4411 x-request-id: ID}. */
    static final String RTR = " (\\d+) bytes (\\d+) ms(?: wake_ms=(\\d+))? x-request-id: ";

    static Path root;
    static int routerPort;
    static Path work;

    /** One app under test: its name, route, where its manifest lives and its idle timeout. */
    record App(String name, String host, Path dir, String idleTimeout) {

        long idleMillis() {
            return IdleTimeout.parse(idleTimeout).seconds().orElseThrow(() -> new IllegalArgumentException(
                    "--idle-timeout: " + IdleTimeout.parse(idleTimeout).error())) * 1000L;
        }
    }

    /**
     * One timed wake. {@code clientMs}: the GET sent until its 200 (503s retried, counted in
     * {@code retries}); {@code wakeMs}: the router's hold (-1: the request was not held, so it was
     * no wake); {@code how}: "restore", "cold" or "?" (no CELL line); {@code restoreMs}: the
     * agent's restore, or -1.
     */
    record Wake(double clientMs, long wakeMs, String how, long restoreMs, int retries) {
    }

    /** The wakes of one app and mode, and how many were lost (the app went idle under the held request). */
    record Wakes(List<Wake> wakes, int lost) {
    }

    public static void main(String[] args) throws Exception {
        root = Path.of(args[0]);
        routerPort = Integer.parseInt(args[1]);
        work = Files.createDirectories(Path.of(args[2]));
        int runs = 5;
        String idleTimeout = null;
        for (int i = 3; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--idle-timeout" -> idleTimeout = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (usage: bench/wake/run [--runs N] [--idle-timeout DURATION])");
            }
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        long started = System.nanoTime();
        String loadStart = load();
        String accelerator = accelerator();
        List<App> apps = List.of(staticApp(idleTimeout == null ? STATIC_IDLE : idleTimeout),
                javaApp(idleTimeout == null ? JAVA_IDLE : idleTimeout));
        System.out.printf("accelerator %s, load %s, %d wakes per app and mode, idle timeouts %s%n", accelerator,
                loadStart, runs, apps.stream().map(a -> a.name() + " " + a.idleTimeout()).toList());

        List<String> rows = new ArrayList<>();
        for (App app : apps) {
            push(app);
            Wakes clones = wakes(app, "clones", runs);
            paas("scale", app.name(), "--no-clones");
            Wakes cold = wakes(app, "no clones", runs);
            rows.add(row(app, clones, cold));
        }
        System.out.printf("%n%s, load %s at the start, %s at the end, %d wakes per app and mode, %.1f min%n",
                accelerator, loadStart, load(), runs, (System.nanoTime() - started) / 60e9);
        System.out.println("wake: the GET through the router to its 200; router: its wake_ms (the request held); median (min-max)");
        System.out.printf("%-12s %5s %-22s %-22s %-22s %-22s %10s %9s %9s%n", "app", "idle", "wake, clones", "router, clones",
                "wake, cold", "router, cold", "cold/clone", "clones", "cold");
        rows.forEach(System.out::println);
        System.out.println("clones, cold: wakes restored from the snapshot / booted cold (CELL lines) / lost (the app went"
                + " idle again under the held request: a 503 after the router's 60 s wake-timeout; measured again)");
    }

    /** Idle timeouts longer than a wake: a shorter one loses wakes (see bench/wake/README.md). */
    static final String STATIC_IDLE = "5s";
    static final String JAVA_IDLE = "15s";

    static App staticApp(String idleTimeout) throws IOException {
        Path dir = Files.createDirectories(work.resolve("wake-static"));
        Files.writeString(Files.createDirectories(dir.resolve("public")).resolve("index.html"), "<h1>awake</h1>\n");
        Files.writeString(dir.resolve("manifest.yml"), """
                applications:
                - name: wake-static
                  path: public
                  memory: 64M
                  instances: 1
                  routes:
                  - route: wake-static.localhost
                """);
        return new App("wake-static", "wake-static.localhost", dir, idleTimeout);
    }

    /** bench/push's hello jar (PushBench.helloJar, version 1) in 256M, as bench/push and bench/clone run it. */
    static App javaApp(String idleTimeout) throws Exception {
        PushBench.work = work;
        Path jar = PushBench.helloJar(1);
        Path dir = jar.getParent();
        Files.writeString(dir.resolve("manifest.yml"), """
                applications:
                - name: wake-java
                  path: %s
                  memory: 256M
                  instances: 1
                  timeout: 180
                  routes:
                  - route: wake-java.localhost
                """.formatted(jar.getFileName()));
        return new App("wake-java", "wake-java.localhost", dir, idleTimeout);
    }

    /**
     * Pushes the app, serves it once, waits for its agent's snapshot (CELL "snapshot K taken"),
     * then gives it the idle timeout. Not in the manifest: with a timeout of a second or two the
     * app goes idle as soon as its instance runs, before {@code paas push} sees it running, and
     * the push fails ("did not start in time: 0 of 1 running").
     */
    static void push(App app) throws Exception {
        long t0 = System.nanoTime();
        Path log = work.resolve(app.name() + "-push.log");
        Process p = new ProcessBuilder(root.resolve("paas").toString(), "push").directory(app.dir().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("paas push " + app.name() + " failed; see " + log + ":\n" + Files.readString(log));
        }
        double pushed = (System.nanoTime() - t0) / 1e9;
        // The first request: it may already wake the app (idle right after it ran), either way 200.
        Wake first = get(app, "warm-" + app.name());
        List<String> cell = new ArrayList<>();
        await(app.name() + "'s snapshot", Duration.ofMinutes(4), () -> {
            cell.clear();
            cell.addAll(lines(app).stream().filter(l -> l[1].equals("CELL")).map(l -> l[2])
                    .filter(l -> TAKEN.matcher(l).find() || NOT_TAKEN.matcher(l).find()).toList());
            return !cell.isEmpty();
        });
        paas("scale", app.name(), "--idle-timeout", app.idleTimeout());
        System.out.printf("%s: pushed in %.1f s, first request %.0f ms, %s%n", app.name(), pushed, first.clientMs(),
                cell.get(cell.size() - 1));
        if (cell.stream().noneMatch(l -> TAKEN.matcher(l).find())) {
            System.out.println("  (no snapshot: the wakes with clones will boot cold too)");
        }
    }

    /**
     * N wakes of the app, each from idle with no instance left. A wake answered 503 (the router's
     * wake-timeout: the app went idle again while the request was held) is lost: counted and
     * measured again, 3 times at most; so is a request the router did not hold (no wake).
     */
    static Wakes wakes(App app, String mode, int runs) throws Exception {
        List<Wake> out = new ArrayList<>();
        int lost = 0;
        int notHeld = 0;
        for (int k = 1; out.size() < runs; k++) {
            Thread.sleep(app.idleMillis());  // not idle before its timeout since the last request
            await(app.name() + " idle with no instance", Duration.ofMinutes(3), () -> idleAndEmpty(app));
            Instant sent = Instant.now();
            String id = "wake-" + app.name() + "-" + mode.replace(' ', '-') + "-" + k + "-" + System.nanoTime();
            Wake w = get(app, id);
            Wake seen = logged(app, id, sent);
            w = new Wake(w.clientMs(), seen.wakeMs(), seen.how(), seen.restoreMs(), w.retries());
            System.out.printf("  %s, %s %d: %.0f ms, router %.0f ms wake_ms=%d, %s%s%s%n", app.name(), mode, out.size() + 1,
                    w.clientMs(), seen.clientMs(), w.wakeMs(), w.how(),
                    w.restoreMs() >= 0 ? " (restored in " + w.restoreMs() + " ms)" : "",
                    w.retries() > 0 ? ", after " + w.retries() + " x 503" : "");
            if (w.retries() > 0) {
                System.out.println("    lost: the app went idle again while the router held the request; measured again");
                if (++lost > 3) {
                    throw new IllegalStateException(app.name() + ": 4 wakes lost; try a longer --idle-timeout");
                }
                continue;
            }
            if (w.wakeMs() < 0) {
                System.out.println("    not held by the router (no wake_ms): not a wake, measured again");
                if (++notHeld > 3) {
                    throw new IllegalStateException(app.name() + ": requests were not held 4 times; is the app idle?");
                }
                continue;
            }
            out.add(w);
        }
        return new Wakes(out, lost);
    }

    /** GET / through the router with the app's Host, until a 200 (a 503, the router's wake-timeout, is sent again). */
    static Wake get(App app, String requestId) throws Exception {
        long t0 = System.nanoTime();
        int retries = 0;
        long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            HttpResponse<String> r;
            try {
                r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/"))
                        .header("Host", app.host()).header("X-Request-Id", retries == 0 ? requestId : requestId + "-" + retries)
                        .timeout(Duration.ofMinutes(11)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                r = null;
            }
            if (r != null && r.statusCode() == 200) {
                return new Wake((System.nanoTime() - t0) / 1e6, -1, "", -1, retries);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("GET / of " + app.name() + ": no 200 in 10 minutes; last: "
                        + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
            }
            retries++;
            Thread.sleep(100);
        }
    }

    /**
     * What the logs say of a request sent at {@code sent}: its RTR line's total ({@code clientMs})
     * and {@code wake_ms}, and from the CELL lines since then whether the instance was restored
     * (and in how long) or booted cold. Waits until the router shipped the line and the instance's
     * "healthy" line is there (the restore line comes before it).
     */
    static Wake logged(App app, String requestId, Instant sent) throws Exception {
        Pattern rtr = Pattern.compile(RTR + Pattern.quote(requestId) + " ");
        Wake[] out = new Wake[1];
        await("the RTR and CELL lines of " + requestId, Duration.ofSeconds(60), () -> {
            Matcher m = null;
            String how = null;
            long restoreMs = -1;
            for (String[] l : lines(app)) {
                if (l[1].equals("RTR") && m == null) {
                    Matcher r = rtr.matcher(l[2]);
                    m = r.find() ? r : null;
                } else if (l[1].equals("CELL") && !Instant.parse(l[0]).isBefore(sent.minusMillis(500))) {
                    Matcher r = RESTORED.matcher(l[2]);
                    if (r.find()) {
                        how = "restore";
                        restoreMs = Long.parseLong(r.group(2));
                    } else if (l[2].contains("healthy (") && how == null) {
                        how = "cold";
                    }
                }
            }
            if (m == null || how == null) {
                return false;
            }
            out[0] = new Wake(Long.parseLong(m.group(2)), m.group(3) == null ? -1 : Long.parseLong(m.group(3)), how,
                    restoreMs, 0);
            return true;
        });
        return out[0];
    }

    static boolean idleAndEmpty(App app) {
        try {
            JsonNode n = JSON.readTree(paas("app", app.name(), "--json"));
            return n.path("app").path("idle").asBoolean() && n.path("instances").isEmpty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The app's recent log lines as {time, source (RTR, CELL, ...), text}, oldest first. */
    static List<String[]> lines(App app) {
        try {
            List<String[]> out = new ArrayList<>();
            for (JsonNode line : JSON.readTree(paas("logs", app.name(), "--recent", "--json")).path("lines")) {
                Matcher m = LINE.matcher(line.asText());
                if (m.matches()) {
                    out.add(new String[] {m.group(1), m.group(2), m.group(4)});
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String accelerator() throws Exception {
        List<String> seen = new ArrayList<>();
        for (JsonNode n : nodes()) {
            seen.add(n.path("accelerator").asText("?"));
        }
        return seen.isEmpty() ? "?" : String.join(",", seen);
    }

    static JsonNode nodes() throws Exception {
        JsonNode n = JSON.readTree(paas("nodes", "--json"));
        return n.has("items") ? n.get("items") : n;
    }

    /** {@code ./paas ARGS} (the platform's environment, from bench/wake/run), its stdout; fails on a non-zero exit. */
    static String paas(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("paas").toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(work, "paas", ".err");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("./paas " + String.join(" ", args) + " failed: " + out + Files.readString(err));
        }
        Files.delete(err);
        return out;
    }

    static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + limit.toSeconds() + " s for " + what);
            }
            Thread.sleep(250);
        }
    }

    static String row(App app, Wakes clones, Wakes cold) {
        double[] cc = clones.wakes().stream().mapToDouble(Wake::clientMs).toArray();
        double[] kc = cold.wakes().stream().mapToDouble(Wake::clientMs).toArray();
        return String.format("%-12s %5s %-22s %-22s %-22s %-22s %9.1fx %9s %9s", app.name(), app.idleTimeout(), stats(cc),
                stats(clones.wakes().stream().mapToDouble(Wake::wakeMs).toArray()), stats(kc),
                stats(cold.wakes().stream().mapToDouble(Wake::wakeMs).toArray()), median(kc) / median(cc), kinds(clones),
                kinds(cold));
    }

    /** restored/cold/lost */
    static String kinds(Wakes w) {
        long r = w.wakes().stream().filter(x -> x.how().equals("restore")).count();
        long c = w.wakes().stream().filter(x -> x.how().equals("cold")).count();
        return r + "/" + c + "/" + w.lost();
    }

    /** {@code 1.23 s (0.98-1.50)} */
    static String stats(double[] ms) {
        return String.format("%.2f s (%.2f-%.2f)", median(ms) / 1e3, Arrays.stream(ms).min().orElse(0) / 1e3,
                Arrays.stream(ms).max().orElse(0) / 1e3);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
