package dev.paas.api.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL run by the control plane itself when no database URL is configured
 * ({@code ./paas up} on one machine). Its data directory persists across restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on a free loopback port with its data in {@code dataDir} (created by
     * initdb on first use, kept afterwards). {@code clean} wipes it first (tests).
     */
    public static EmbeddedDatabase start(Path dataDir, boolean clean) {
        try {
            Files.createDirectories(dataDir.getParent());
            stopLeftover(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(clean)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    // Listen on loopback only: the embedded database trusts local connections.
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            LOG.infof("db.embedded-started port=%d data=%s", pg.getPort(), dataDir);
            return new EmbeddedDatabase(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir
                    + " (" + e.getMessage() + "); set PAAS_DB_URL to use an external PostgreSQL instead", e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
            LOG.info("db.embedded-stopped");
        } catch (IOException e) {
            LOG.warnf("db.embedded-stop-failed error=%s", e.getMessage());
        }
    }

    /**
     * A postmaster left running by a control plane that was killed holds the data directory's
     * lock; ask it to shut down so this start can take over the same data.
     */
    private static void stopLeftover(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> old = Files.readAllLines(pidFile).stream().findFirst()
                .map(String::strip).filter(s -> s.matches("\\d+"))
                .flatMap(s -> ProcessHandle.of(Long.parseLong(s)))
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (old.isEmpty()) {
            return;
        }
        LOG.warnf("db.embedded-leftover pid=%d: stopping the PostgreSQL a previous run left behind", old.get().pid());
        old.get().destroy();
        try {
            old.get().onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("a previous PostgreSQL (pid " + old.get().pid() + ") still holds " + dataDir + "; stop it first", e);
        }
    }
}
