package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.AppSpec;
import dev.paas.api.core.Caller;
import dev.paas.api.core.HealthCheckSpec;
import dev.paas.pushrules.ByteSize;
import dev.paas.api.core.PageRequest;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.ServiceBindingEntity;
import dev.paas.api.infra.ServiceInstanceEntity;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.SpaceEntity;
import dev.paas.model.AppState;
import dev.paas.model.AppView;
import dev.paas.model.CreateAppRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.InstanceView;
import dev.paas.model.Page;
import dev.paas.model.UpdateAppRequest;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Apps' desired state: create, read, update with optimistic locking, start, stop, delete. */
@ApplicationScoped
public class AppService {

    private final Clock clock;
    private final EventLog events;
    private final EntityManager em;
    private final ConvergeSignal converge;

    public AppService(Clock clock, EventLog events, EntityManager em, ConvergeSignal converge) {
        this.clock = clock;
        this.events = events;
        this.em = em;
        this.converge = converge;
    }

    @Transactional
    public AppView create(Caller caller, String space, CreateAppRequest req) {
        SpaceEntity s = Lookup.space(caller, space);
        AppSpec spec = AppSpec.create(req);
        if (AppEntity.count("space = ?1 and name = ?2", s, spec.name()) > 0) {
            throw ApiException.alreadyExists("app '" + spec.name() + "' already exists in space '" + space + "'; choose another name");
        }
        AppEntity a = new AppEntity();
        a.space = s;
        a.name = spec.name();
        a.state = AppState.STOPPED;
        a.createdAt = Instant.now(clock);
        apply(a, spec);
        a.persist();
        events.record(caller, "app.create", s, a, target(a), summary(spec));
        converge.poke();
        return view(a);
    }

    @Transactional
    public Page<AppView> list(Caller caller, String space, PageRequest page) {
        SpaceEntity s = Lookup.space(caller, space);
        var q = AppEntity.<AppEntity>find("space", Sort.by("name"), s).page(page.page() - 1, page.perPage());
        return new Page<>(q.list().stream().map(AppService::view).toList(), page.page(), page.perPage(), q.count());
    }

    @Transactional
    public AppView get(Caller caller, String space, String app) {
        return view(Lookup.app(caller, space, app));
    }

    /**
     * Applies {@code req} if its {@code version} is the current one; a stale version, or a
     * concurrent update that commits first, gets 409 and changes nothing.
     */
    @Transactional
    public AppView update(Caller caller, String space, String app, UpdateAppRequest req) {
        AppEntity a = Lookup.app(caller, space, app);
        if (req == null || req.version() == null) {
            throw ApiException.invalid("version", "is required: send the version you last read, from GET .../apps/" + app);
        }
        checkVersion(a, req.version());
        AppSpec before = spec(a);
        AppSpec after = before.update(req);
        Integer idleTimeout = IdleTimeouts.checked(req.idleTimeoutSeconds());
        Map<String, Object> changes = changes(before, after);
        apply(a, after);
        IdleTimeouts.apply(a, idleTimeout, changes);
        if (req.clones() != null && req.clones() != a.clones) {
            a.clones = req.clones();
            changes.put("clones", a.clones);
        }
        a.updatedAt = Instant.now(clock);
        em.flush();
        events.record(caller, "app.update", a.space, a, target(a), changes);
        converge.poke();
        return view(a);
    }

    @Transactional
    public AppView setState(Caller caller, String space, String app, AppState state) {
        AppEntity a = Lookup.app(caller, space, app);
        if (state == AppState.STOPPED) {
            // A restart of this (stopped) app that is still staging must not start it afterwards.
            // A build finishing now holds its row (StagingRecorder.staged): this waits for it, and
            // when any such build was found the app is read again, as it may just have been started.
            int pending = em.createQuery("update BuildEntity b set b.startWhenStaged = false where b.app = :a and b.startWhenStaged = true")
                    .setParameter("a", a).executeUpdate();
            if (pending > 0) {
                em.refresh(a);
            }
        }
        if (a.state != state) {
            a.state = state;
            IdleApps.userActivity(a); // a start is activity; a stopped app is neither idle nor waking
            a.updatedAt = Instant.now(clock);
            em.flush();
            events.record(caller, state == AppState.STARTED ? "app.start" : "app.stop", a.space, a, target(a), Map.of());
            converge.poke();
        }
        return view(a);
    }

    @Transactional
    public void delete(Caller caller, String space, String app) {
        AppEntity a = Lookup.app(caller, space, app);
        // Its bindings go with it: a managed one's broker must hear of it first, or its credentials stay alive there.
        List<String> managed = ServiceBindingEntity.<ServiceBindingEntity>list("app = ?1 and instance.type = ?2 order by id", a,
                ServiceInstanceEntity.MANAGED).stream().map(b -> b.instance.name).toList();
        if (!managed.isEmpty()) {
            throw new ApiException(ErrorCode.CONFLICT, "app '" + app + "' is bound to managed service instance(s) "
                    + String.join(", ", managed) + "; unbind them first (paas unbind-service " + app + " " + managed.get(0) + ")");
        }
        em.createQuery("update RouteEntity r set r.app = null where r.app = :a").setParameter("a", a).executeUpdate();
        events.record(caller, "app.delete", a.space, null, target(a), Map.of());
        // Its instances go with it (ON DELETE CASCADE), so no round asks their nodes to stop them:
        // tell the nodes here, or their agents would hear it only when their desired-state
        // long-poll times out (about 30 s later). The row version moves too, so a heartbeat that
        // read the node before this cannot write the old desired version back.
        em.createNativeQuery("update nodes set desired_version = desired_version + 1, version = version + 1 "
                + "where id in (select node_id from instances where app_id = ?1 and node_id is not null)")
                .setParameter(1, a.id).executeUpdate();
        converge.poke();
        a.delete();
    }

    /**
     * The app's web instances by index: where each runs, its state, and why it is pending or
     * crashed (other process types: {@link ProcessService#list}).
     */
    @Transactional
    public List<InstanceView> instances(Caller caller, String space, String app) {
        AppEntity a = Lookup.app(caller, space, app);
        return InstanceEntity.<InstanceEntity>list("app = ?1 and processType = ?2 order by idx, id", a,
                        dev.paas.api.core.ProcessKey.WEB).stream()
                .map(AppService::instanceView)
                .toList();
    }

    static InstanceView instanceView(InstanceEntity i) {
        return new InstanceView(i.idx, i.state, i.stateSince, i.node == null ? null : i.node.name, i.endpoint,
                i.healthy, i.crashCount, i.lastExit, i.placementError, i.rssBytes, i.cpuSeconds,
                i.revision == null ? null : (long) i.revision.number, suspect(i));
    }

    /** On a DOWN node and holding a VM there: kept, unconfirmed, until replaced or heard from (scheduler/README.md). */
    static boolean suspect(InstanceEntity i) {
        return i.node != null && i.node.state == dev.paas.model.NodeState.DOWN && i.state.holdsResources();
    }

    private static void checkVersion(AppEntity a, long sent) {
        if (a.version != sent) {
            throw new ApiException(ErrorCode.STALE_VERSION, "app '" + a.name + "' changed since you read it (now version "
                    + a.version + ", you sent " + sent + "); read it again and reapply your change");
        }
    }

    private static void apply(AppEntity a, AppSpec spec) {
        a.instances = spec.instances();
        a.memoryMb = spec.memory().megabytes();
        a.diskMb = spec.disk() == null ? null : spec.disk().megabytes();
        a.command = spec.command();
        a.env = new TreeMap<>(spec.env());
        a.healthCheckType = spec.healthCheck().type();
        a.healthCheckEndpoint = spec.healthCheck().endpoint();
        a.healthCheckTimeoutSeconds = spec.healthCheck().timeoutSeconds();
        a.updatedAt = a.updatedAt == null ? a.createdAt : a.updatedAt;
    }

    static AppSpec spec(AppEntity a) {
        return new AppSpec(a.name, a.instances, new ByteSize(a.memoryMb), a.command, a.env,
                new HealthCheckSpec(a.healthCheckType, a.healthCheckEndpoint, a.healthCheckTimeoutSeconds),
                a.diskMb == null ? null : new ByteSize(a.diskMb));
    }

    static AppView view(AppEntity a) {
        return new AppView(a.name, a.space.name, a.state, a.instances, new ByteSize(a.memoryMb).toString(), a.command,
                new TreeMap<>(a.env), spec(a).healthCheck().toView(), a.version, a.createdAt, a.updatedAt,
                a.diskMb == null ? null : new ByteSize(a.diskMb).toString(), a.dockerImage, a.idleTimeoutSeconds,
                IdleApps.idle(a), a.clones);
    }

    static String target(AppEntity a) {
        return "app/" + a.space.name + "/" + a.name;
    }

    private static Map<String, Object> summary(AppSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instances", s.instances());
        m.put("memory", s.memory().toString());
        return m;
    }

    /** What changed, for the audit trail; env values are never recorded, only names. */
    private static Map<String, Object> changes(AppSpec before, AppSpec after) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (before.instances() != after.instances()) {
            m.put("instances", after.instances());
        }
        if (!before.memory().equals(after.memory())) {
            m.put("memory", after.memory().toString());
        }
        if (!java.util.Objects.equals(before.command(), after.command())) {
            m.put("command", after.command() == null ? "" : after.command());
        }
        if (!before.env().equals(after.env())) {
            m.put("env", after.env().keySet().stream().sorted().toList());
        }
        if (!before.healthCheck().equals(after.healthCheck())) {
            m.put("healthCheck", after.healthCheck().type().name());
        }
        if (!java.util.Objects.equals(before.disk(), after.disk())) {
            m.put("disk", String.valueOf(after.disk()));
        }
        return m;
    }
}
