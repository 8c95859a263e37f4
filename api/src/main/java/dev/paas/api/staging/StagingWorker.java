package dev.paas.api.staging;

import dev.paas.api.infra.BlobStore;
import dev.paas.api.infra.ControlPlaneMain;
import dev.paas.api.infra.DatabaseOutage;
import dev.paas.api.infra.StorageErrors;
import dev.paas.api.infra.PaasConfig;
import dev.paas.api.service.LogHub;
import dev.paas.api.service.ServiceKeys;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Takes staging jobs from the queue and runs them through the {@link Stager}, one at a time per
 * worker thread. Output lines are appended to the build's log about every 200 ms, so a pusher
 * following the build sees them while it runs. Woken by {@code NOTIFY paas_staging}.
 */
@ApplicationScoped
public class StagingWorker {

    private static final Logger LOG = Logger.getLogger(StagingWorker.class);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(2);
    private static final Pattern WORK_DIR = Pattern.compile("(\\d{1,18})-\\d{1,9}");
    private final DataSource dataSource;
    private final StagingRecorder recorder;
    private final Stager stager;
    private final BlobStore blobs;
    private final PaasConfig config;
    private final LogHub logs;
    private final ServiceKeys keys;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile Path workRoot;
    private ScheduledExecutorService renewer;

    public StagingWorker(DataSource dataSource, StagingRecorder recorder, Stager stager, BlobStore blobs, PaasConfig config,
                         LogHub logs, ServiceKeys keys) {
        this.keys = keys;
        this.logs = logs;
        this.dataSource = dataSource;
        this.recorder = recorder;
        this.stager = stager;
        this.blobs = blobs;
        this.config = config;
    }

    void onStart(@Observes StartupEvent ev) {
        workRoot = config.staging().workDir().map(Path::of).orElse(ControlPlaneMain.dataDir().resolve("staging")).toAbsolutePath();
        try {
            sweepWorkDirs();
        } catch (RuntimeException e) {
            LOG.warnf("staging.sweep-failed dir=%s error=%s", workRoot, e.getMessage());
        }
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "staging-lease");
            t.setDaemon(true);
            return t;
        });
        running = true;
        for (int i = 0; i < config.staging().workers(); i++) {
            Thread t = new Thread(this::loop, "staging-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    void onStop(@Observes ShutdownEvent ev) throws InterruptedException {
        running = false;
        if (renewer != null) {
            renewer.shutdownNow();
        }
        for (Thread t : threads) {
            t.interrupt();
            t.join(5000);
        }
    }

    private void loop() {
        String worker = ManagementFactory.getRuntimeMXBean().getName() + "/" + Thread.currentThread().getName();
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN paas_staging");
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    Optional<StagingRecorder.Job> job = recorder.take(worker, config.staging().lease());
                    if (job.isPresent()) {
                        run(job.get());
                    } else {
                        pg.getNotifications((int) IDLE_WAIT.toMillis());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warnf("staging.worker-failed error=%s; retrying", e.getMessage());
                    try {
                        Thread.sleep(IDLE_WAIT.toMillis());
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /**
     * Runs one build; every failure ends in a FAILED build with a reason, never a lost job. The
     * lease is renewed every third of its length while the build runs; a lease lost meanwhile
     * (this control plane stalled, another took the build) drops this run's outcome.
     */
    void run(StagingRecorder.Job job) {
        StagingOutput out = new StagingOutput(text -> {
            recorder.append(job.buildId(), text);
            logs.add(job.appId(), "STG", null, "OUT", text);
        });
        Duration lease = config.staging().lease();
        long every = Math.max(100, lease.toMillis() / 3);
        AtomicBoolean finishing = new AtomicBoolean();
        ScheduledFuture<?> renewal = renewer.scheduleWithFixedDelay(() -> renew(job, lease, finishing), every, every, TimeUnit.MILLISECONDS);
        Path work = null;
        try {
            if (job.attempts() > StagingRecorder.MAX_ATTEMPTS) {
                recorder.failed(job, "staging was interrupted " + (job.attempts() - 1) + " times (its control plane stopped); push again");
                return;
            }
            if (job.attempts() > 1) {
                out.line("Staging build " + job.buildId() + " again (attempt " + job.attempts() + "): the control plane that ran it stopped");
            }
            Stager.Output result;
            if (job.docker().isPresent()) {
                Stager.Docker docker = docker(job.docker().get());
                out.line("Staging build " + job.buildId() + " (docker image " + docker.image()
                        + docker.username().map(u -> " as " + u).orElse("") + ", " + job.memoryMb() + "M)");
                result = stager.stage(new Stager.Input(null, job.command(), job.env(), job.memoryMb(), job.buildpack(),
                        Optional.of(docker)), out::line);
            } else {
                Path blob = blobs.findPackage(job.packageSha256())
                        .orElseThrow(() -> new Stager.Failed("the package's bits are missing from the blob store; push again"));
                work = workDir(job);
                Path source = work.resolve(job.filename());
                try {
                    Files.copy(blob, source);
                } catch (IOException e) {
                    throw new Stager.Failed("cannot copy the package into " + work + ": " + StorageErrors.describe(e));
                }
                out.line("Staging build " + job.buildId() + " (" + Files.size(source) + " bytes, " + job.memoryMb() + "M)");
                result = stager.stage(new Stager.Input(source, job.command(), job.env(), job.memoryMb(), job.buildpack()), out::line);
            }
            out.line("Image " + result.digest().substring(0, 12) + " (" + result.runtime() + ", " + (result.bytes() / 1024) + " KiB)");
            out.flush();
            finishing.set(true);
            renewal.cancel(false);
            recorder.staged(job, result);
        } catch (Stager.Failed e) {
            out.line("Staging failed: " + e.getMessage());
            out.flush();
            finishing.set(true);
            renewal.cancel(false);
            recorder.failed(job, e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (DatabaseOutage.is(e)) {
                // Not the build's fault: its lease lapses (no more renewals) and it is staged again.
                finishing.set(true);
                LOG.warnf("staging.database-unavailable build=%d error=%s; taken again once its lease lapses", job.buildId(), e.getMessage());
                return;
            }
            LOG.errorf(e, "staging.unexpected-error build=%d", job.buildId());
            out.line("Staging failed: internal error (" + e.getClass().getSimpleName() + "); the control plane log has the details");
            out.flush();
            finishing.set(true);
            renewal.cancel(false);
            recorder.failed(job, "internal error while staging: " + e.getMessage());
        } finally {
            renewal.cancel(false);
            out.flush();
            delete(work);
        }
    }

    private void renew(StagingRecorder.Job job, Duration lease, AtomicBoolean finishing) {
        try {
            // A renewal racing the recording of the outcome finds the row gone: not a lost lease.
            if (!recorder.renew(job, lease) && !finishing.get()) {
                LOG.warnf("staging.lease-lost build=%d worker=%s attempt=%d", job.buildId(), job.worker(), job.attempts());
                throw new CancellationException("lease lost"); // ends the renewals of this run
            }
            if (finishing.get()) {
                throw new CancellationException("finished");
            }
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            // The database may be back before the lease lapses: try again at the next tick.
            LOG.warnf("staging.lease-renew-failed build=%d error=%s", job.buildId(), e.getMessage());
        }
    }

    /** The image to pull, its password opened from its seal for this build only. */
    private Stager.Docker docker(StagingRecorder.DockerJob job) throws Stager.Failed {
        Optional<String> password = Optional.empty();
        if (job.sealedPassword().isPresent()) {
            try {
                password = Optional.of(keys.box().open(job.sealedPassword().get()));
            } catch (RuntimeException e) {
                // No key, or not the key that sealed it: the operator's to mend; the user can push the password again.
                throw new Stager.Failed("the docker registry password of this app cannot be opened (" + e.getMessage()
                        + "); push again with the password (PAAS_DOCKER_PASSWORD), or the operator restores paas.services.key");
            }
        }
        return new Stager.Docker(job.image(), job.username(), password);
    }

    /** A build's work directory, {@code <work dir>/<build>-<attempt>}: the build's id names it for the start-up sweep. */
    private Path workDir(StagingRecorder.Job job) throws Stager.Failed {
        Path dir = workRoot.resolve(job.buildId() + "-" + job.attempts());
        try {
            // Earlier attempts' directories: their workers lost the lease, so they are dead.
            if (Files.isDirectory(workRoot)) {
                try (Stream<Path> dirs = Files.list(workRoot)) {
                    dirs.filter(d -> d.getFileName().toString().startsWith(job.buildId() + "-")).forEach(StagingWorker::delete);
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new Stager.Failed("cannot create the staging directory " + dir + ": " + StorageErrors.describe(e));
        }
    }

    /**
     * Removes the work directories of builds no live worker holds (their control plane died
     * mid-build). Run at start; a directory of a build whose lease is current is kept, as it may
     * be another control plane's sharing this disk. Returns how many were removed.
     */
    public int sweepWorkDirs() {
        if (!Files.isDirectory(workRoot)) {
            return 0;
        }
        Set<Long> live = recorder.leased();
        int removed = 0;
        try (Stream<Path> dirs = Files.list(workRoot)) {
            for (Path dir : dirs.toList()) {
                Matcher m = WORK_DIR.matcher(dir.getFileName().toString());
                if (m.matches() && !live.contains(Long.parseLong(m.group(1)))) {
                    delete(dir);
                    removed++;
                    LOG.infof("staging.work-dir-removed dir=%s", dir);
                }
            }
        } catch (IOException e) {
            LOG.warnf("staging.sweep-failed dir=%s error=%s", workRoot, StorageErrors.describe(e));
        }
        return removed;
    }

    public Path workRoot() {
        return workRoot;
    }

    private static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("staging.cleanup-failed dir=%s error=%s", dir, StorageErrors.describe(e));
        }
    }
}
