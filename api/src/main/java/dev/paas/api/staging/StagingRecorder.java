package dev.paas.api.staging;

import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.BuildEntity;
import dev.paas.api.infra.ImageEntity;
import dev.paas.api.infra.RevisionEntity;
import dev.paas.api.service.ConvergeSignal;
import dev.paas.api.service.EventLog;
import dev.paas.api.service.IdleApps;
import dev.paas.api.service.ServiceBindingService;
import dev.paas.model.AppState;
import dev.paas.model.BuildState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/** The staging worker's transactions: take a job, append output, record the outcome. */
@ApplicationScoped
public class StagingRecorder {

    private static final Logger LOG = Logger.getLogger(StagingRecorder.class);
    static final int MAX_ATTEMPTS = 3;
    private final EntityManager em;
    private final Clock clock;
    private final EventLog events;
    private final ConvergeSignal converge;
    private final ServiceBindingService bindings;

    public StagingRecorder(EntityManager em, Clock clock, EventLog events, ConvergeSignal converge, ServiceBindingService bindings) {
        this.bindings = bindings;
        this.em = em;
        this.clock = clock;
        this.events = events;
        this.converge = converge;
    }

    /**
     * Everything a worker needs to run one build, read in the transaction that took it. The lease
     * is {@code worker} + {@code attempts}: a later taker of the same build has a higher attempt.
     */
    public record Job(long buildId, long appId, String packageSha256, String filename, Optional<String> command, Map<String, String> env,
                      int memoryMb, Optional<String> buildpack, int attempts, String worker, Optional<DockerJob> docker) {

        /** Bits. */
        public Job(long buildId, long appId, String packageSha256, String filename, Optional<String> command, Map<String, String> env,
                   int memoryMb, Optional<String> buildpack, int attempts, String worker) {
            this(buildId, appId, packageSha256, filename, command, env, memoryMb, buildpack, attempts, worker, Optional.empty());
        }
    }

    /** A docker package's image and user, and its password still sealed (opened by the worker, for the pull only). */
    public record DockerJob(String image, Optional<String> username, Optional<String> sealedPassword) {
    }

    /**
     * Takes the oldest free job, if any, leased to {@code worker} for {@code lease}: a job never
     * taken, or one whose lease lapsed (its worker's control plane died). Several control planes
     * never take the same one. Lease times are the database's clock, shared by every replica.
     */
    @Transactional
    public Optional<Job> take(String worker, Duration lease) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                update staging_queue set taken_by = ?1, taken_at = now(), lease_until = now() + make_interval(secs => ?2),
                                         attempts = attempts + 1
                where build_id = (select build_id from staging_queue
                                  where taken_at is null or lease_until is null or lease_until < now()
                                  order by enqueued_at for update skip locked limit 1)
                returning build_id, attempts""").setParameter(1, worker).setParameter(2, seconds(lease)).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        long id = ((Number) rows.get(0)[0]).longValue();
        int attempts = ((Number) rows.get(0)[1]).intValue();
        BuildEntity b = BuildEntity.findById(id);
        AppEntity a = b.app;
        Optional<DockerJob> docker = b.pkg.isDocker()
                ? Optional.of(new DockerJob(b.pkg.dockerImage, Optional.ofNullable(b.pkg.dockerUsername),
                        Optional.ofNullable(b.pkg.dockerPassword)))
                : Optional.empty();
        return Optional.of(new Job(id, a.id, b.pkg.sha256, b.pkg.filename, Optional.ofNullable(a.command), new TreeMap<>(a.env), a.memoryMb,
                Optional.ofNullable(b.buildpack), attempts, worker, docker));
    }

    /** Extends the job's lease; false when it is no longer this worker's (taken again, or finished). */
    @Transactional
    public boolean renew(Job job, Duration lease) {
        return em.createNativeQuery("""
                update staging_queue set lease_until = now() + make_interval(secs => ?1)
                where build_id = ?2 and taken_by = ?3 and attempts = ?4""")
                .setParameter(1, seconds(lease)).setParameter(2, job.buildId()).setParameter(3, job.worker())
                .setParameter(4, job.attempts()).executeUpdate() == 1;
    }

    /** The builds whose lease has not lapsed: their work directories belong to a live worker. */
    @Transactional
    public Set<Long> leased() {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select build_id from staging_queue where lease_until >= now()").getResultList();
        Set<Long> out = new HashSet<>();
        ids.forEach(n -> out.add(n.longValue()));
        return out;
    }

    /** Locks the job's queue row if the lease is still the worker's; a lapsed lease's outcome is not recorded. */
    private boolean stillMine(Job job) {
        boolean mine = !em.createNativeQuery("select 1 from staging_queue where build_id = ?1 and taken_by = ?2 and attempts = ?3 for update")
                .setParameter(1, job.buildId()).setParameter(2, job.worker()).setParameter(3, job.attempts()).getResultList().isEmpty();
        if (!mine) {
            LOG.warnf("staging.lease-lost build=%d worker=%s attempt=%d: another control plane took it; this outcome is dropped",
                    job.buildId(), job.worker(), job.attempts());
        }
        return mine;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** Appends staging output (STG lines) so followers see it while the build runs. */
    @Transactional
    public void append(long buildId, String text) {
        em.createNativeQuery("update builds set log = log || ?1 where id = ?2").setParameter(1, text).setParameter(2, buildId).executeUpdate();
    }

    /**
     * Records a finished build: its image, and a new revision made current, unless a newer push
     * or rollback of the app happened since the build was queued (then the build fails as
     * superseded, and the app keeps what the newer one gives it). Nothing is recorded when the
     * lease was lost: the control plane that took the build again records its outcome.
     */
    @Transactional
    public void staged(Job job, Stager.Output out) {
        if (!stillMine(job)) {
            return;
        }
        long buildId = job.buildId();
        // Locked: a stop asked for meanwhile (AppService.setState) clears startWhenStaged and waits.
        BuildEntity b = em.find(BuildEntity.class, buildId, LockModeType.PESSIMISTIC_WRITE);
        if (b == null) {
            return; // The app was deleted meanwhile.
        }
        Instant now = Instant.now(clock);
        ImageEntity image = ImageEntity.findById(out.digest());
        if (image == null) {
            image = new ImageEntity();
            image.digest = out.digest();
            image.sizeBytes = out.bytes();
            image.runtime = out.runtime();
            image.kernelVersion = out.kernelVersion();
            image.createdAt = now;
            image.persist();
        }
        AppEntity a = b.app;
        // The app's row is locked until commit: a push or rollback bumping the generation waits for this.
        long current = ((Number) em.createNativeQuery("select push_generation from apps where id = ?1 for update")
                .setParameter(1, a.id).getSingleResult()).longValue();
        long mine = ((Number) em.createNativeQuery("select generation from builds where id = ?1")
                .setParameter(1, buildId).getSingleResult()).longValue();
        if (current > mine) {
            b.image = image;
            b.phases = new TreeMap<>(out.phasesMillis());
            finish(b, "superseded: app '" + a.name + "' was pushed or rolled back again while this build ran; its image "
                    + out.digest().substring(0, 12) + " was not made current", now);
            return;
        }
        Integer last = em.createQuery("select max(r.number) from RevisionEntity r where r.app = :a", Integer.class)
                .setParameter("a", a).getSingleResult();
        RevisionEntity r = new RevisionEntity();
        r.app = a;
        r.number = last == null ? 1 : last + 1;
        r.image = image;
        r.memoryMb = a.memoryMb;
        r.env = new TreeMap<>(a.env);
        r.services = bindings.snapshot(a);
        r.description = "build " + buildId + " of " + b.pkg.describe();
        r.createdBy = b.createdBy;
        r.createdAt = now;
        r.persist();
        a.revision = r;
        a.dockerImage = b.pkg.dockerImage;
        IdleApps.userActivity(a); // a new revision wakes an idle app: a push or rollback waits for its instances
        a.failedRelease = null;
        dev.paas.api.infra.AppProcessEntity.clearFailedReleases(a);
        a.updatedAt = now;
        b.moveTo(BuildState.STAGED);
        b.image = image;
        b.revision = r;
        b.phases = new TreeMap<>(out.phasesMillis());
        b.finishedAt = now;
        dequeue(buildId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("build", buildId);
        details.put("revision", r.number);
        details.put("image", out.digest());
        details.put("runtime", out.runtime());
        events.record(b.createdBy, "app.staged", a.space, a, "app/" + a.space.name + "/" + a.name, details);
        // The flag stays set: a stop waiting on this row then sees it and reads the app again.
        if (b.startWhenStaged && a.state == AppState.STOPPED) {
            a.state = AppState.STARTED;
            events.record(b.createdBy, "app.start", a.space, a, "app/" + a.space.name + "/" + a.name, Map.of("build", buildId));
        }
        converge.poke();
    }

    /** Records a failed build with its reason (unless the lease was lost, see {@link #staged}). */
    @Transactional
    public void failed(Job job, String reason) {
        if (!stillMine(job)) {
            return;
        }
        BuildEntity b = BuildEntity.findById(job.buildId());
        if (b == null) {
            return;
        }
        finish(b, reason, Instant.now(clock));
    }

    private void finish(BuildEntity b, String reason, Instant now) {
        b.moveTo(BuildState.FAILED);
        b.error = reason.length() > 2000 ? reason.substring(0, 1997) + "..." : reason;
        b.finishedAt = now;
        dequeue(b.id);
        AppEntity a = b.app;
        events.record(b.createdBy, "build.failed", a.space, a, "app/" + a.space.name + "/" + a.name, Map.of("build", b.id, "reason", b.error));
    }

    private void dequeue(long buildId) {
        em.createNativeQuery("delete from staging_queue where build_id = ?1").setParameter(1, buildId).executeUpdate();
    }
}
