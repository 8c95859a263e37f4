package dev.paas.api.staging;

import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.BuildEntity;
import dev.paas.api.infra.ImageEntity;
import dev.paas.api.infra.RevisionEntity;
import dev.paas.api.service.ConvergeSignal;
import dev.paas.api.service.EventLog;
import dev.paas.model.AppState;
import dev.paas.model.BuildState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The staging worker's transactions: take a job, append output, record the outcome. */
@ApplicationScoped
public class StagingRecorder {

    /** A job taken longer ago than this is assumed lost with its worker and is taken again. */
    static final String STALE_AFTER = "15 minutes";
    static final int MAX_ATTEMPTS = 3;
    private final EntityManager em;
    private final Clock clock;
    private final EventLog events;
    private final ConvergeSignal converge;

    public StagingRecorder(EntityManager em, Clock clock, EventLog events, ConvergeSignal converge) {
        this.em = em;
        this.clock = clock;
        this.events = events;
        this.converge = converge;
    }

    /** Everything a worker needs to run one build, read in the transaction that took it. */
    public record Job(long buildId, long appId, String packageSha256, String filename, Optional<String> command, Map<String, String> env,
                      int memoryMb, Optional<String> buildpack, int attempts) {
    }

    /** Takes the oldest free job, if any (several control planes never take the same one). */
    @Transactional
    public Optional<Job> take(String worker) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                update staging_queue set taken_by = ?1, taken_at = now(), attempts = attempts + 1
                where build_id = (select build_id from staging_queue
                                  where taken_at is null or taken_at < now() - interval '%s'
                                  order by enqueued_at for update skip locked limit 1)
                returning build_id, attempts""".formatted(STALE_AFTER)).setParameter(1, worker).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        long id = ((Number) rows.get(0)[0]).longValue();
        int attempts = ((Number) rows.get(0)[1]).intValue();
        BuildEntity b = BuildEntity.findById(id);
        AppEntity a = b.app;
        return Optional.of(new Job(id, a.id, b.pkg.sha256, b.pkg.filename, Optional.ofNullable(a.command), new TreeMap<>(a.env), a.memoryMb,
                Optional.ofNullable(b.buildpack), attempts));
    }

    /** Appends staging output (STG lines) so followers see it while the build runs. */
    @Transactional
    public void append(long buildId, String text) {
        em.createNativeQuery("update builds set log = log || ?1 where id = ?2").setParameter(1, text).setParameter(2, buildId).executeUpdate();
    }

    @Transactional
    public void staged(long buildId, Stager.Output out, String log) {
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
        Integer last = em.createQuery("select max(r.number) from RevisionEntity r where r.app = :a", Integer.class)
                .setParameter("a", a).getSingleResult();
        RevisionEntity r = new RevisionEntity();
        r.app = a;
        r.number = last == null ? 1 : last + 1;
        r.image = image;
        r.memoryMb = a.memoryMb;
        r.description = "build " + buildId + " of " + b.pkg.filename;
        r.createdBy = b.createdBy;
        r.createdAt = now;
        r.persist();
        a.revision = r;
        a.failedRelease = null;
        a.updatedAt = now;
        b.state = BuildState.STAGED;
        b.image = image;
        b.revision = r;
        b.phases = new TreeMap<>(out.phasesMillis());
        b.finishedAt = now;
        em.createNativeQuery("delete from staging_queue where build_id = ?1").setParameter(1, buildId).executeUpdate();
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

    @Transactional
    public void failed(long buildId, String reason) {
        BuildEntity b = BuildEntity.findById(buildId);
        if (b == null) {
            return;
        }
        b.state = BuildState.FAILED;
        b.error = reason.length() > 2000 ? reason.substring(0, 1997) + "..." : reason;
        b.finishedAt = Instant.now(clock);
        em.createNativeQuery("delete from staging_queue where build_id = ?1").setParameter(1, buildId).executeUpdate();
        AppEntity a = b.app;
        events.record(b.createdBy, "build.failed", a.space, a, "app/" + a.space.name + "/" + a.name, Map.of("build", buildId, "reason", b.error));
    }
}
