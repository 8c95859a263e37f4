package dev.paas.api.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.api.core.Caller;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.NodeEntity;
import dev.paas.api.infra.TaskEntity;
import dev.paas.model.TaskState;
import dev.paas.model.LogLine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * An app's log stream for users: the control plane's own lines ({@link LogHub}) merged by time
 * with the lines of its instances, fetched from the node agents that run them (as
 * {@code kubectl logs} asks the kubelets). The control plane authenticates to an agent with the
 * SHA-256 of the node's credential, which is all it keeps of it.
 */
@ApplicationScoped
public class LogService {

    private static final Logger LOG = Logger.getLogger(LogService.class);
    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(3);
    private final LogHub hub;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(AGENT_TIMEOUT).build();

    private final java.time.Clock clock;

    public LogService(LogHub hub, ObjectMapper json, java.time.Clock clock) {
        this.clock = clock;
        this.hub = hub;
        this.json = json;
    }

    /**
     * Where one instance's lines are: its node agent's log endpoint and the key it accepts.
     *
     * @param appSource the source its app output is tagged with: {@code APP} for web, Cloud
     *                  Foundry's {@code APP/PROC/WORKER} for a worker (indexes count per process type)
     */
    public record Source(long instanceId, String url, String key, String appSource) {
    }

    /** {@code APP} for web (as before process types), {@code APP/PROC/TYPE} for another process type. */
    static String appSource(String processType) {
        return dev.paas.api.core.ProcessKey.WEB.equals(processType) ? "APP"
                : "APP/PROC/" + processType.toUpperCase(java.util.Locale.ROOT);
    }

    /** {@code APP/TASK/<name>}: a task's output, as Cloud Foundry tags it. */
    static String taskSource(String taskName) {
        return "APP/TASK/" + taskName;
    }

    /**
     * How long after its end a task's lines are still asked for: its node agent keeps an ended
     * VM's lines 10 minutes (node-agent's {@code LOG_RETENTION}), its instance row is gone sooner.
     */
    static final Duration ENDED_TASK_LINES = Duration.ofMinutes(10);

    /** Checks access; returns the app's id and where its instances' lines are. */
    @Transactional
    public List<Source> sources(long appId) {
        return InstanceEntity.<InstanceEntity>list("app.id = ?1 and node is not null", appId).stream()
                .map(i -> source(i.id, i.node, i.task == null ? appSource(i.processType) : taskSource(i.task.name)))
                .toList();
    }

    /** {@link #sources} and the VMs of tasks that ended lately, whose rows are gone but whose agents keep their lines. */
    @Transactional
    public List<Source> recentSources(long appId) {
        List<Source> out = new ArrayList<>(sources(appId));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        out.forEach(s -> seen.add(s.instanceId()));
        Instant since = Instant.now(clock).minus(ENDED_TASK_LINES);
        for (TaskEntity t : TaskEntity.<TaskEntity>list("app.id = ?1 and state in ?2 and updatedAt > ?3 and instanceId is not null "
                + "and nodeName is not null", appId, java.util.Set.of(TaskState.SUCCEEDED, TaskState.FAILED), since)) {
            if (seen.add(t.instanceId)) {
                NodeEntity.byName(t.nodeName).ifPresent(n -> out.add(source(t.instanceId, n, taskSource(t.name))));
            }
        }
        return out;
    }

    private static Source source(long instanceId, NodeEntity node, String appSource) {
        return new Source(instanceId, "http://" + hostPort(node.address, node.agentPort) + "/v1/instances/" + instanceId + "/logs",
                node.credentialHash, appSource);
    }

    @Transactional
    public long appId(Caller caller, String space, String app) {
        AppEntity a = Lookup.app(caller, space, app);
        return a.id;
    }

    /** The most recent lines of every source (at most {@link LogHub#CAPACITY}), oldest first. */
    public List<LogLine> recent(long appId) {
        List<LogLine> lines = new ArrayList<>(hub.recent(appId));
        List<CompletableFuture<List<LogLine>>> fetches = recentSources(appId).stream().map(this::fetch).toList();
        fetches.forEach(f -> lines.addAll(f.join()));
        lines.sort(Comparator.comparing(LogLine::at));
        return lines.size() <= LogHub.CAPACITY ? lines : lines.subList(lines.size() - LogHub.CAPACITY, lines.size());
    }

    /**
     * Follows the app's instances on their node agents (their SSE follow endpoints) and hands each
     * new line to {@code sink}, until the returned handle is closed. Instances that appear later
     * (scale up, restarts) are picked up every {@value #RESCAN_MILLIS} ms, with their lines from the start; ones that go away end
     * with their agent's stream. Lines the control plane records itself come from {@link LogHub}.
     */
    public AutoCloseable follow(long appId, java.util.function.Consumer<LogLine> sink) {
        java.util.Map<Long, CompletableFuture<?>> streams = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Map<Long, java.util.concurrent.atomic.AtomicInteger> delivered = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<Long> initial = java.util.concurrent.ConcurrentHashMap.newKeySet();
        boolean[] first = {true};
        java.util.concurrent.ScheduledExecutorService rescan = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "log-follow-" + appId);
            t.setDaemon(true);
            return t;
        });
        rescan.scheduleWithFixedDelay(() -> {
            try {
                List<Source> now = sources(appId);
                java.util.Set<Long> ids = new java.util.HashSet<>();
                for (Source s : now) {
                    ids.add(s.instanceId());
                    if (first[0]) {
                        initial.add(s.instanceId());
                    }
                    streams.computeIfAbsent(s.instanceId(), id -> {
                        var count = delivered.computeIfAbsent(id, k -> new java.util.concurrent.atomic.AtomicInteger());
                        // Instances there when following began: only new lines (the caller read the
                        // recent ones). Instances that appeared since, or have said nothing yet: all.
                        boolean fresh = initial.remove(id) && count.get() == 0;
                        int recent = fresh ? 0 : count.get() == 0 ? LogHub.CAPACITY : 0;
                        return followOne(s, recent, line -> {
                            count.incrementAndGet();
                            sink.accept(line);
                        });
                    });
                }
                first[0] = false;
                // Gone instances stop being followed; ended streams (not yet on the agent, or an
                // agent restart) are reopened next round.
                streams.entrySet().removeIf(e -> {
                    boolean drop = !ids.contains(e.getKey()) || e.getValue().isDone();
                    if (drop) {
                        e.getValue().cancel(true);
                    }
                    return drop;
                });
            } catch (RuntimeException e) {
                LOG.debugf("logs.follow-rescan-failed app=%d error=%s", appId, e.getMessage());
            }
        }, 0, RESCAN_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        return () -> {
            rescan.shutdownNow();
            streams.values().forEach(f -> f.cancel(true));
        };
    }

    static final long RESCAN_MILLIS = 1000;

    private CompletableFuture<?> followOne(Source s, int recent, java.util.function.Consumer<LogLine> sink) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(s.url() + "/follow?recent=" + recent)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + s.key()).GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
            if (r.statusCode() != 200) {
                r.body().close();
                return;
            }
            try (java.util.stream.Stream<String> lines = r.body()) {
                lines.filter(l -> l.startsWith("data:")).forEach(l -> parse("[" + l.substring(5).strip() + "]", s.appSource()).forEach(sink));
            }
        }).exceptionally(e -> null);
    }

    private CompletableFuture<List<LogLine>> fetch(Source s) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(s.url() + "?recent=" + LogHub.CAPACITY)).timeout(AGENT_TIMEOUT)
                .header("Authorization", "Bearer " + s.key()).GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() != 200) {
                LOG.warnf("logs.agent-refused instance=%d status=%d", s.instanceId(), r.statusCode());
                return List.<LogLine>of();
            }
            return parse(r.body(), s.appSource());
        }).exceptionally(e -> {
            LOG.warnf("logs.agent-unreachable instance=%d error=%s", s.instanceId(), e.getMessage());
            return List.of();
        });
    }

    private List<LogLine> parse(String body, String appSource) {
        List<LogLine> out = new ArrayList<>();
        try {
            for (JsonNode n : json.readTree(body)) {
                String channel = n.path("channel").asText("OUT");
                boolean cell = channel.equals("CELL");
                out.add(new LogLine(Instant.parse(n.path("timestamp").asText()), cell ? "CELL" : appSource, n.path("index").asInt(),
                        cell ? "OUT" : channel, n.path("text").asText("")));
            }
        } catch (Exception e) {
            LOG.warnf("logs.agent-bad-body error=%s", e.getMessage());
        }
        return out;
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
