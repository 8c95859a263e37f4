package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.AppSpec;
import dev.paas.api.core.Caller;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.BuildEntity;
import dev.paas.api.infra.PackageEntity;
import dev.paas.api.infra.RevisionEntity;
import dev.paas.model.AppEnvView;
import dev.paas.model.AppState;
import dev.paas.model.BuildView;
import dev.paas.model.CreateBuildRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.RevisionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds (staging a package into an image), their output, revisions and rollback. */
@ApplicationScoped
public class BuildService {

    private final Clock clock;
    private final EventLog events;
    private final EntityManager em;
    private final ConvergeSignal converge;
    private final ServiceBindingService bindings;

    public BuildService(Clock clock, EventLog events, EntityManager em, ConvergeSignal converge, ServiceBindingService bindings) {
        this.bindings = bindings;
        this.clock = clock;
        this.events = events;
        this.em = em;
        this.converge = converge;
    }

    /** Queues a build of the given (default: newest) package. */
    @Transactional
    public BuildView create(Caller caller, String space, String app, CreateBuildRequest req) {
        AppEntity a = Lookup.app(caller, space, app);
        String buildpack = req == null || req.buildpack() == null || req.buildpack().isBlank() ? a.buildpack : req.buildpack();
        buildpack = AppSpec.buildpack(buildpack);
        Long packageId = req == null ? null : req.packageId();
        PackageEntity p = packageId == null
                ? PackageEntity.<PackageEntity>find("app = ?1 order by id desc", a).firstResultOptional()
                        .orElseThrow(() -> new ApiException(ErrorCode.CONFLICT, "app '" + app + "' has no package yet; upload its bits first (paas push)"))
                : PackageEntity.<PackageEntity>find("id = ?1 and app = ?2", packageId, a).firstResultOptional()
                        .orElseThrow(() -> ApiException.notFound("package " + packageId + " of app '" + app + "'"));
        if (p.isDocker()) {
            if (req != null && req.buildpack() != null && !req.buildpack().isBlank()) {
                throw ApiException.invalid("buildpack", "package " + p.id + " is a docker image, which no buildpack stages; "
                        + "leave buildpack out");
            }
            buildpack = null;
        }
        return queue(caller, a, p, buildpack, false);
    }

    private BuildView queue(Caller caller, AppEntity a, PackageEntity p, String buildpack, boolean startWhenStaged) {
        BuildEntity b = BuildEntity.staging(a, p);
        b.buildpack = buildpack;
        b.createdBy = caller.username();
        b.createdAt = Instant.now(clock);
        b.startWhenStaged = startWhenStaged;
        b.persist();
        // A newer push: a build queued earlier that finishes later no longer becomes current.
        long generation = bumpGeneration(a);
        em.createNativeQuery("update builds set generation = ?1 where id = ?2").setParameter(1, generation).setParameter(2, b.id).executeUpdate();
        em.createNativeQuery("insert into staging_queue (build_id, enqueued_at) values (?1, ?2)")
                .setParameter(1, b.id).setParameter(2, b.createdAt).executeUpdate();
        em.createNativeQuery("select pg_notify('paas_staging', '')").getSingleResult();
        events.record(caller, "app.build", a.space, a, target(a), Map.of("build", b.id, "package", p.id));
        return view(b);
    }

    /**
     * A rolling restart, as Cloud Foundry's: no staging. A new revision with the current image and
     * the app's env and memory of now (so set-env and unset-env apply) is made current and rolled
     * out like a push (each new instance healthy before an old one stops); a stopped app is
     * started. A build still running stays valid: it takes the app's env when it finishes.
     */
    @Transactional
    public RevisionView restart(Caller caller, String space, String app) {
        AppEntity a = Lookup.app(caller, space, app);
        if (a.revision == null) {
            throw new ApiException(ErrorCode.CONFLICT, "app '" + app + "' has never been staged; push it first (paas push)");
        }
        RevisionEntity current = a.revision;
        Instant now = Instant.now(clock);
        RevisionEntity r = new RevisionEntity();
        r.app = a;
        r.number = nextRevisionNumber(a);
        r.image = current.image;
        r.memoryMb = a.memoryMb;
        r.env = new TreeMap<>(a.env);
        r.services = bindings.snapshot(a);  // bindings made since apply now, as with cf restart
        r.description = "restart of revision " + current.number;
        r.createdBy = caller.username();
        r.createdAt = now;
        r.persist();
        a.revision = r;
        IdleApps.userActivity(a); // a new revision wakes an idle app: a push or rollback waits for its instances
        a.failedRelease = null;
        dev.paas.api.infra.AppProcessEntity.clearFailedReleases(a);
        a.updatedAt = now;
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("revision", r.number);
        details.put("from", current.number);
        details.put("env", r.env.keySet().stream().sorted().toList());  // names only: values may be secrets
        events.record(caller, "app.restart", a.space, a, target(a), details);
        if (a.state == AppState.STOPPED) {
            a.state = AppState.STARTED;
            events.record(caller, "app.start", a.space, a, target(a), Map.of("revision", r.number));
        }
        converge.poke();
        return view(r, true);
    }

    /**
     * A restage: the package of the app's current revision staged again with the app's current
     * settings (buildpack, command, memory), then rolled out like a push. An app never staged
     * (pushed with {@code --no-start}) stages its newest package, as Cloud Foundry's start does. A
     * stopped app is started once the new revision exists (not first on the old one, to be
     * replaced at once). An unchanged app gets the same image back (builds are reproducible) under
     * a new revision number.
     */
    @Transactional
    public BuildView restage(Caller caller, String space, String app) {
        AppEntity a = Lookup.app(caller, space, app);
        RevisionEntity current = a.revision;
        PackageEntity p;
        if (current == null) {
            p = PackageEntity.<PackageEntity>find("app = ?1 order by id desc", a).firstResultOptional()
                    .orElseThrow(() -> new ApiException(ErrorCode.CONFLICT, "app '" + app
                            + "' has no package yet; upload its bits first (paas push)"));
        } else {
            // A staged revision's build names its package; a restart's revision shares its image.
            p = BuildEntity.<BuildEntity>find("image = ?1 and app = ?2 order by id desc", current.image, a)
                    .firstResultOptional()
                    .map(b -> b.pkg)
                    .orElseThrow(() -> new ApiException(ErrorCode.CONFLICT, "revision " + current.number + " of '" + app
                            + "' has no package to stage again; push the app"));
        }
        boolean stopped = a.state == AppState.STOPPED;
        // A docker package is pulled again: its tag may point at a new image since the last staging.
        BuildView b = queue(caller, a, p, p.isDocker() ? null : a.buildpack, stopped);
        events.record(caller, "app.restage", a.space, a, target(a),
                current == null ? Map.of("build", b.id()) : Map.of("build", b.id(), "revision", current.number));
        return b;
    }

    static int nextRevisionNumber(AppEntity a) {
        Integer last = RevisionEntity.getEntityManager()
                .createQuery("select max(r.number) from RevisionEntity r where r.app = :a", Integer.class)
                .setParameter("a", a).getSingleResult();
        return last == null ? 1 : last + 1;
    }

    /** What the app's instances run with ({@code paas env}), and the env set since, if any. */
    @Transactional
    public AppEnvView env(Caller caller, String space, String app) {
        AppEntity a = Lookup.app(caller, space, app);
        Map<String, String> system = new TreeMap<>();
        system.put("MEMORY_LIMIT", a.memoryMb + "m");
        system.put("VCAP_SERVICES", bindings.vcapServices(a.revision));  // as cf env shows it to space developers
        return new AppEnvView(a.revision == null ? Map.of() : new TreeMap<>(a.revision.env),
                a.revision == null ? null : a.revision.number, new TreeMap<>(a.env), system);
    }

    @Transactional
    public List<BuildView> list(Caller caller, String space, String app) {
        AppEntity a = Lookup.app(caller, space, app);
        return BuildEntity.<BuildEntity>find("app = ?1 order by id desc", a).page(0, 50).list().stream().map(BuildService::view).toList();
    }

    @Transactional
    public BuildView get(Caller caller, String space, String app, long id) {
        return view(build(caller, space, app, id));
    }

    /** The build's output from character {@code offset} on (to follow it while it runs). */
    @Transactional
    public String log(Caller caller, String space, String app, long id, int offset) {
        String log = build(caller, space, app, id).log;
        return offset <= 0 ? log : offset >= log.length() ? "" : log.substring(offset);
    }

    @Transactional
    public List<RevisionView> revisions(Caller caller, String space, String app) {
        AppEntity a = Lookup.app(caller, space, app);
        Long current = a.revision == null ? null : a.revision.id;
        return RevisionEntity.<RevisionEntity>find("app = ?1 order by number desc", a).list().stream()
                .map(r -> view(r, r.id.equals(current)))
                .toList();
    }

    /** Points the app back at revision {@code number} (its image, env and memory); the scheduler rolls it out. */
    @Transactional
    public RevisionView rollback(Caller caller, String space, String app, Integer number) {
        AppEntity a = Lookup.app(caller, space, app);
        if (number == null) {
            throw ApiException.invalid("version", "is required: the revision number to roll back to (see paas revisions " + app + ")");
        }
        RevisionEntity r = RevisionEntity.<RevisionEntity>find("app = ?1 and number = ?2", a, number).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("revision " + number + " of app '" + app + "'"));
        a.revision = r;
        IdleApps.userActivity(a); // a new revision wakes an idle app: a push or rollback waits for its instances
        if (r.memoryMb != null) {
            a.memoryMb = r.memoryMb;
        }
        a.env = new TreeMap<>(r.env);  // what runs is what paas env shows
        a.dockerImage = BuildEntity.<BuildEntity>find("image = ?1 and app = ?2 order by id desc", r.image, a)
                .firstResultOptional().map(b -> b.pkg.dockerImage).orElse(null);
        a.failedRelease = null;
        dev.paas.api.infra.AppProcessEntity.clearFailedReleases(a);
        a.updatedAt = Instant.now(clock);
        // A build still running must not replace the revision the user just chose.
        bumpGeneration(a);
        events.record(caller, "app.rollback", a.space, a, target(a), Map.of("revision", number));
        converge.poke();
        return view(r, true);
    }

    static RevisionView view(RevisionEntity r, boolean current) {
        return new RevisionView(r.number, r.image.digest, r.image.sizeBytes, r.image.runtime, r.description, r.createdBy,
                r.createdAt, current, r.env.keySet().stream().sorted().toList());
    }

    /**
     * The app's next push generation. Native, so it does not count as a change of the app's
     * settings ({@code version}); the row lock it takes orders it against a finishing build.
     */
    private long bumpGeneration(AppEntity a) {
        return ((Number) em.createNativeQuery("update apps set push_generation = push_generation + 1 where id = ?1 returning push_generation")
                .setParameter(1, a.id).getSingleResult()).longValue();
    }

    private static BuildEntity build(Caller caller, String space, String app, long id) {
        AppEntity a = Lookup.app(caller, space, app);
        return BuildEntity.<BuildEntity>find("id = ?1 and app = ?2", id, a).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("build " + id + " of app '" + app + "'"));
    }

    public static BuildView view(BuildEntity b) {
        return new BuildView(b.id, b.app.name, b.pkg.id, b.state, b.buildpack, b.error, b.image == null ? null : b.image.digest,
                b.revision == null ? null : b.revision.number, new TreeMap<>(b.phases), b.createdAt, b.finishedAt);
    }

    private static String target(AppEntity a) {
        return "app/" + a.space.name + "/" + a.name;
    }
}
