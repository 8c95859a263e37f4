package dev.paas.api.service;

import dev.paas.api.infra.BlobStore;
import dev.paas.api.infra.PaasConfig;
import dev.paas.api.infra.StorageErrors;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.ImageStore;
import dev.paas.imagefactory.api.StoredImage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Collects blobs no row refers to: package bits of deleted apps, and images whose row is gone or
 * never came (a build that died between storing its image and recording it). Runs at start and
 * every {@code paas.storage.sweep-interval}; a blob younger than {@code paas.storage.orphan-grace}
 * is kept, as its row may be on its way. The sweep holds an advisory lock that every package
 * write holds shared ({@link #holdOff}), so a push never registers bits being deleted.
 */
@ApplicationScoped
public class BlobSweeper {

    /** The advisory lock key: "paasblob" as a number. */
    static final long LOCK = 0x7061617362_6c6fL;
    private static final Logger LOG = Logger.getLogger(BlobSweeper.class);
    private final BlobStore blobs;
    private final PaasConfig config;
    private final EntityManager em;
    private final Clock clock;
    private ScheduledExecutorService timer;

    /** What one sweep removed. */
    public record Swept(int packages, int images) {
    }

    public BlobSweeper(BlobStore blobs, PaasConfig config, EntityManager em, Clock clock) {
        this.blobs = blobs;
        this.config = config;
        this.em = em;
        this.clock = clock;
    }

    /** Called by every package write, in its transaction: a sweep waits for it (and it for a sweep). */
    static void holdOff(EntityManager em) {
        em.createNativeQuery("select pg_advisory_xact_lock_shared(?1)").setParameter(1, LOCK).getSingleResult();
    }

    void onStart(@Observes StartupEvent ev, BlobSweeper self) {
        long every = config.storage().sweepInterval().toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blob-sweep");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                self.sweep();
            } catch (RuntimeException e) {
                LOG.warnf("blobs.sweep-failed error=%s; trying again in %s", e.getMessage(), config.storage().sweepInterval());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One sweep; skipped (nothing removed) while a package write or another sweep holds the lock. */
    @Transactional
    public Swept sweep() {
        Boolean locked = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(?1)").setParameter(1, LOCK).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return new Swept(0, 0);
        }
        Instant cutoff = Instant.now(clock).minus(config.storage().orphanGrace());
        int packages = 0;
        int images = 0;
        try {
            Set<String> referenced = strings("select distinct sha256 from packages");
            for (Map.Entry<String, Instant> blob : blobs.packages().entrySet()) {
                if (!referenced.contains(blob.getKey()) && blob.getValue().isBefore(cutoff) && blobs.deletePackage(blob.getKey())) {
                    packages++;
                    LOG.infof("blobs.package-removed sha256=%s reason=no-row", blob.getKey());
                }
            }
        } catch (IOException e) {
            LOG.warnf("blobs.sweep-failed store=packages error=%s", StorageErrors.describe(e));
        }
        ImageStore store = ImageFactory.fileStore(blobs.imagesDir());
        Set<String> known = strings("select digest from images");
        for (String digest : store.digests()) {
            String hex = digest.replaceFirst("^sha256:", "");
            if (!known.contains(hex) && olderThan(store.find(digest), cutoff) && store.delete(digest)) {
                images++;
                LOG.infof("blobs.image-removed digest=%s reason=no-row", hex);
            }
        }
        if (packages + images > 0) {
            LOG.infof("blobs.swept packages=%d images=%d", packages, images);
        }
        return new Swept(packages, images);
    }

    private static boolean olderThan(Optional<StoredImage> image, Instant cutoff) {
        try {
            return image.isPresent() && Files.getLastModifiedTime(image.get().manifest()).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private Set<String> strings(String sql) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery(sql).getResultList();
        return new HashSet<>(rows);
    }
}
