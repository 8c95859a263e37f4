package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.RequestWindow;
import dev.paas.api.core.UsageMath;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.model.AppMetricsView;
import dev.paas.model.LatencyBuckets;
import dev.paas.model.RouterMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request figures per app from its routers' counts ({@code POST /v1/routing/metrics}), kept in
 * memory for the last {@link RequestWindow#WINDOW_SECONDS} seconds ({@link RequestWindow}), and
 * an app's metrics as users read them: those figures plus what each instance uses. A router's
 * counts land in the bucket of the time they arrive (routers post about once a second). Posts
 * taken by another control plane replica are not seen here (see the README). Thread-safe.
 */
@ApplicationScoped
public class RequestMetricsService {

    /** Apps per post at most: a router posts only the apps that had requests in about a second. */
    public static final int MAX_APPS = 10_000;

    private final Map<Long, RequestWindow> windows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final EntityManager em;
    private final UsageMeters meters;
    private final IdleApps idle;

    public RequestMetricsService(Clock clock, EntityManager em, UsageMeters meters, IdleApps idle) {
        this.clock = clock;
        this.em = em;
        this.meters = meters;
        this.idle = idle;
    }

    /** Adds a router's counts; refuses the whole post (400 naming the field) if any entry is malformed. */
    @Transactional
    public void add(RouterMetrics post) {
        if (post == null || post.apps() == null) {
            throw ApiException.invalid("apps", "is required");
        }
        if (post.apps().size() > MAX_APPS) {
            throw ApiException.invalid("apps", "has " + post.apps().size() + " entries; send at most " + MAX_APPS);
        }
        long[][] latency = new long[post.apps().size()][];
        for (int i = 0; i < post.apps().size(); i++) {
            latency[i] = check(i, post.apps().get(i));
        }
        long now = clock.instant().getEpochSecond();
        Set<Long> unknown = new HashSet<>();
        for (RouterMetrics.AppCounts a : post.apps()) {
            if (!windows.containsKey(a.appId())) {
                unknown.add(a.appId());
            }
        }
        if (!unknown.isEmpty()) {
            // First counts of these apps here: their names tag their meters. Ids of apps deleted
            // meanwhile are dropped.
            List<Object[]> rows = em.createQuery("select a.id, s.name, a.name from AppEntity a join a.space s where a.id in :ids",
                    Object[].class).setParameter("ids", unknown).getResultList();
            for (Object[] r : rows) {
                long id = (Long) r[0];
                RequestWindow w = windows.computeIfAbsent(id, k -> new RequestWindow());
                meters.app(id, (String) r[1], (String) r[2], w);
            }
        }
        for (int i = 0; i < post.apps().size(); i++) {
            RouterMetrics.AppCounts a = post.apps().get(i);
            RequestWindow w = windows.get(a.appId());
            if (w != null) {
                w.add(now, a.requests(), a.status5xx(), latency[i]);
            }
        }
        forgetQuiet(now);
        // Scale to zero: a routed request restarts the app's idle clock.
        idle.sawRequests(post.apps().stream().filter(a -> a.requests() > 0).map(RouterMetrics.AppCounts::appId)
                .collect(java.util.stream.Collectors.toSet()));
    }

    private static long[] check(int i, RouterMetrics.AppCounts a) {
        String field = "apps[" + i + "]";
        if (a == null) {
            throw ApiException.invalid(field, "must be an object with appId, requests, status4xx, status5xx and latency");
        }
        if (a.requests() < 0 || a.status4xx() < 0 || a.status5xx() < 0 || a.status4xx() + a.status5xx() > a.requests()) {
            throw ApiException.invalid(field, "needs requests ≥ status4xx + status5xx, none negative (got "
                    + a.requests() + ", " + a.status4xx() + ", " + a.status5xx() + ")");
        }
        if (a.latency() == null || a.latency().size() != LatencyBuckets.COUNT) {
            throw ApiException.invalid(field + ".latency", "must have " + LatencyBuckets.COUNT
                    + " counts, one per latency bucket (got " + (a.latency() == null ? "none" : a.latency().size()) + ")");
        }
        // Not checked against requests: a request's latency may reach a post after its status did.
        long[] out = new long[LatencyBuckets.COUNT];
        for (int k = 0; k < out.length; k++) {
            Long c = a.latency().get(k);
            if (c == null || c < 0) {
                throw ApiException.invalid(field + ".latency[" + k + "]", "must be a count ≥ 0");
            }
            out[k] = c;
        }
        return out;
    }

    private void forgetQuiet(long now) {
        windows.entrySet().removeIf(e -> {
            if (e.getValue().quietAt(now)) {
                meters.forgetApp(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** The app's requests over the window and its instances' usage; 404 as for the app itself. */
    @Transactional
    public AppMetricsView of(Caller caller, String space, String app) {
        AppEntity a = Lookup.app(caller, space, app);
        Instant now = clock.instant();
        RequestWindow w = windows.get(a.id);
        RequestWindow.Snapshot s = (w == null ? new RequestWindow() : w).read(now.getEpochSecond());
        RequestWindow.Bucket whole = s.whole();
        List<AppMetricsView.Bucket> buckets = s.buckets().stream()
                .map(b -> new AppMetricsView.Bucket(Instant.ofEpochSecond(b.start()), b.requests(), b.status5xx(), b.p50Millis(),
                        b.p99Millis()))
                .toList();
        List<AppMetricsView.InstanceUsage> instances = InstanceEntity.<InstanceEntity>list("app = ?1 and processType = ?2 order by idx, id", a,
                        dev.paas.api.core.ProcessKey.WEB).stream()
                .filter(i -> i.state.holdsResources())
                .map(i -> {
                    long limit = i.memoryMb * 1024L * 1024;
                    return new AppMetricsView.InstanceUsage(i.idx, i.state, i.memoryUsedBytes, limit,
                            UsageMath.percentOf(i.memoryUsedBytes, limit), i.cpuPercent);
                })
                .toList();
        return new AppMetricsView(now, RequestWindow.WINDOW_SECONDS, RequestWindow.BUCKET_SECONDS, whole.requests(),
                whole.status5xx(), whole.requests() / (double) RequestWindow.WINDOW_SECONDS, whole.p50Millis(), whole.p99Millis(),
                buckets, instances);
    }
}
