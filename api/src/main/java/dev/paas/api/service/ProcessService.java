package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.HealthCheckSpec;
import dev.paas.api.core.ProcessKey;
import dev.paas.api.core.ProcessSpec;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.AppProcessEntity;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.model.ErrorCode;
import dev.paas.model.InstanceView;
import dev.paas.model.ProcessRequest;
import dev.paas.model.ProcessView;
import dev.paas.model.UpdateAppRequest;
import dev.paas.pushrules.ByteSize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app's process types (Cloud Foundry's processes): {@code web} is the app itself (its routes,
 * command, instances, memory, health check); every other type is an {@link AppProcessEntity}
 * run from the same image with its own command, never routed. Each converges on its own
 * ({@link ProcessKey}).
 */
@ApplicationScoped
public class ProcessService {

    private final Clock clock;
    private final EventLog events;
    private final EntityManager em;
    private final ConvergeSignal converge;
    private final AppService apps;

    public ProcessService(Clock clock, EventLog events, EntityManager em, ConvergeSignal converge, AppService apps) {
        this.clock = clock;
        this.events = events;
        this.em = em;
        this.converge = converge;
        this.apps = apps;
    }

    /** Web first, then the other types by name, each with its instances. */
    @Transactional
    public List<ProcessView> list(Caller caller, String space, String app) {
        AppEntity a = Lookup.app(caller, space, app);
        List<ProcessView> out = new ArrayList<>();
        out.add(webView(a));
        AppProcessEntity.of(a).forEach(p -> out.add(view(p)));
        return out;
    }

    @Transactional
    public ProcessView get(Caller caller, String space, String app, String type) {
        AppEntity a = Lookup.app(caller, space, app);
        String t = ProcessSpec.type(type);
        return t.equals(ProcessKey.WEB) ? webView(a) : view(existing(a, t));
    }

    /**
     * Creates the process type or applies the non-null fields (all validated before anything is
     * written); for web, the app's own fields change, as {@code PATCH .../apps/{app}} would.
     */
    @Transactional
    public ProcessView put(Caller caller, String space, String app, String type, ProcessRequest req) {
        AppEntity a = Lookup.app(caller, space, app);
        String t = ProcessSpec.type(type);
        if (t.equals(ProcessKey.WEB)) {
            ProcessRequest r = req == null ? new ProcessRequest(null, null, null, null, null, null) : req;
            apps.update(caller, space, app, new UpdateAppRequest(r.version() == null ? a.version : r.version(),
                    r.instances(), r.memory(), r.command(), null, r.healthCheck(), r.disk()));
            return webView(a);
        }
        AppProcessEntity p = AppProcessEntity.of(a, t).orElse(null);
        Instant now = Instant.now(clock);
        if (p == null) {
            ProcessSpec spec = ProcessSpec.create(t, req);
            p = new AppProcessEntity();
            p.app = a;
            p.type = t;
            p.createdAt = now;
            p.updatedAt = now;
            apply(p, spec);
            p.persist();
            em.flush();
            events.record(caller, "app.process-create", a.space, a, AppService.target(a), summary(spec));
        } else {
            if (req != null && req.version() != null && req.version() != p.version) {
                throw new ApiException(ErrorCode.STALE_VERSION, "process '" + t + "' of app '" + a.name
                        + "' changed since you read it (now version " + p.version + ", you sent " + req.version()
                        + "); read it again and reapply your change");
            }
            ProcessSpec after = spec(p).update(req);
            apply(p, after);
            p.updatedAt = now;
            em.flush();
            events.record(caller, "app.process-update", a.space, a, AppService.target(a), summary(after));
        }
        converge.poke();
        return view(p);
    }

    /** Removes a process type other than web; its instances stop (the scheduler sees no desire for them). */
    @Transactional
    public void delete(Caller caller, String space, String app, String type) {
        AppEntity a = Lookup.app(caller, space, app);
        String t = ProcessSpec.type(type);
        if (t.equals(ProcessKey.WEB)) {
            throw ApiException.invalid("type", "web is the app itself and cannot be removed; scale it to 0 instances "
                    + "or delete the app");
        }
        AppProcessEntity p = existing(a, t);
        p.delete();
        events.record(caller, "app.process-delete", a.space, a, AppService.target(a), Map.of("type", t));
        converge.poke();
    }

    private static AppProcessEntity existing(AppEntity a, String type) {
        return AppProcessEntity.of(a, type).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "process type '"
                + type + "' of app '" + a.name + "' not found; it has " + String.join(", ", types(a))));
    }

    private static List<String> types(AppEntity a) {
        List<String> out = new ArrayList<>(List.of(ProcessKey.WEB));
        AppProcessEntity.of(a).forEach(p -> out.add(p.type));
        return out;
    }

    private static void apply(AppProcessEntity p, ProcessSpec spec) {
        p.command = spec.command();
        p.instances = spec.instances();
        p.memoryMb = spec.memory().megabytes();
        p.diskMb = spec.disk() == null ? null : spec.disk().megabytes();
        p.healthCheckType = spec.healthCheck().type();
        p.healthCheckEndpoint = spec.healthCheck().endpoint();
        p.healthCheckTimeoutSeconds = spec.healthCheck().timeoutSeconds();
    }

    static ProcessSpec spec(AppProcessEntity p) {
        return new ProcessSpec(p.type, p.command, p.instances, new ByteSize(p.memoryMb),
                p.diskMb == null ? null : new ByteSize(p.diskMb),
                new HealthCheckSpec(p.healthCheckType, p.healthCheckEndpoint, p.healthCheckTimeoutSeconds));
    }

    private static Map<String, Object> summary(ProcessSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", s.type());
        m.put("instances", s.instances());
        m.put("memory", s.memory().toString());
        if (s.disk() != null) {
            m.put("disk", s.disk().toString());
        }
        return m;
    }

    private static ProcessView webView(AppEntity a) {
        return new ProcessView(ProcessKey.WEB, a.command, a.instances, new ByteSize(a.memoryMb).toString(),
                new ByteSize(a.diskMbOrDefault()).toString(), AppService.spec(a).healthCheck().toView(),
                instances(a, ProcessKey.WEB), a.version);
    }

    private static ProcessView view(AppProcessEntity p) {
        return new ProcessView(p.type, p.command, p.instances, new ByteSize(p.memoryMb).toString(),
                new ByteSize(p.diskMbOrDefault()).toString(), spec(p).healthCheck().toView(), instances(p.app, p.type),
                p.version);
    }

    private static List<InstanceView> instances(AppEntity a, String type) {
        return InstanceEntity.<InstanceEntity>list("app = ?1 and processType = ?2 order by idx, id", a, type).stream()
                .map(AppService::instanceView).toList();
    }
}
