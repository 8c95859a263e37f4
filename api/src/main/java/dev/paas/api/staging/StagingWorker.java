package dev.paas.api.staging;

import dev.paas.api.infra.BlobStore;
import dev.paas.api.infra.PaasConfig;
import dev.paas.api.service.LogHub;
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
    private final DataSource dataSource;
    private final StagingRecorder recorder;
    private final Stager stager;
    private final BlobStore blobs;
    private final PaasConfig config;
    private final LogHub logs;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public StagingWorker(DataSource dataSource, StagingRecorder recorder, Stager stager, BlobStore blobs, PaasConfig config,
                         LogHub logs) {
        this.logs = logs;
        this.dataSource = dataSource;
        this.recorder = recorder;
        this.stager = stager;
        this.blobs = blobs;
        this.config = config;
    }

    void onStart(@Observes StartupEvent ev) {
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
                    Optional<StagingRecorder.Job> job = recorder.take(worker);
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

    /** Runs one build; every failure ends in a FAILED build with a reason, never a lost job. */
    void run(StagingRecorder.Job job) {
        StagingOutput out = new StagingOutput(text -> {
            recorder.append(job.buildId(), text);
            logs.add(job.appId(), "STG", null, "OUT", text);
        });
        Path work = null;
        try {
            if (job.attempts() > StagingRecorder.MAX_ATTEMPTS) {
                recorder.failed(job.buildId(), "staging was interrupted " + (job.attempts() - 1) + " times; push again");
                return;
            }
            Path blob = blobs.findPackage(job.packageSha256())
                    .orElseThrow(() -> new Stager.Failed("the package's bits are missing from the blob store; push again"));
            work = Files.createTempDirectory("paas-staging-" + job.buildId() + "-");
            Path source = work.resolve(job.filename());
            Files.copy(blob, source);
            out.line("Staging build " + job.buildId() + " (" + Files.size(source) + " bytes, " + job.memoryMb() + "M)");
            Stager.Output result = stager.stage(new Stager.Input(source, job.command(), job.env(), job.memoryMb(), job.buildpack()), out::line);
            out.line("Image " + result.digest().substring(0, 12) + " (" + result.runtime() + ", " + (result.bytes() / 1024) + " KiB)");
            out.flush();
            recorder.staged(job.buildId(), result, null);
        } catch (Stager.Failed e) {
            out.line("Staging failed: " + e.getMessage());
            out.flush();
            recorder.failed(job.buildId(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "staging.unexpected-error build=%d", job.buildId());
            out.line("Staging failed: internal error (" + e.getClass().getSimpleName() + "); the control plane log has the details");
            out.flush();
            recorder.failed(job.buildId(), "internal error while staging: " + e.getMessage());
        } finally {
            out.flush();
            delete(work);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("staging.cleanup-failed dir=%s error=%s", dir, e.getMessage());
        }
    }
}
