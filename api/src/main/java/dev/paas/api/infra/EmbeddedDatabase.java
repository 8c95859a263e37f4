package dev.paas.api.infra;

import dev.paas.api.core.Secrets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL run by the control plane itself when no database URL is configured
 * ({@code ./paas up} on one machine). Its data directory persists across restarts.
 *
 * <p>Hardened as a server of its own: it listens on 127.0.0.1 only, and its superuser has a
 * generated password (kept, mode 0600, in {@code postgres-password} beside the data directory)
 * checked with SCRAM-SHA-256; {@code pg_hba.conf} has no {@code trust} line. A data directory made
 * by an older version (initdb's trust) is moved to this at start.
 *
 * <p>With a <b>services address</b> ({@code PAAS_SERVICES_ADDRESS}, {@link #start(Path, boolean,
 * Optional)}) it also serves the built-in PostgreSQL broker's databases to app VMs: it listens on
 * that address too, on a port kept across restarts ({@code postgres-port} beside the data
 * directory, since bound apps hold it in their credentials); it keeps an admin role for the broker
 * ({@value #BROKER_ROLE}: CREATEDB CREATEROLE, never a superuser, its password in
 * {@code postgres-broker-password}, 0600) with its own database of the same name; and
 * {@code pg_hba.conf} lets in, from anywhere but loopback, only members of
 * {@value #SERVICE_USERS} (the roles the broker makes for bindings), each only to the database
 * whose owner role it belongs to ({@code samerole}): never the superuser (the control plane's
 * role) nor the broker's admin.
 *
 * <p>{@link #watch} restarts it, on the same data directory and port, when it dies.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    /** The built-in broker's admin role (and its own database). */
    public static final String BROKER_ROLE = "paas_broker";
    /** The group of every role the broker makes for a binding: the only ones pg_hba admits from off the host's loopback. */
    public static final String SERVICE_USERS = "paas_service_users";
    static final String HBA = """
            # Written by paas (EmbeddedDatabase): password logins (SCRAM) only, over loopback TCP or the
            # local socket; none without a password. Rewritten at every start.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            """;
    /** Appended with a services address: app VMs reach only their own instance's database, as a binding's role. */
    static final String HBA_SERVICES = """
            # From the services address (app VMs) and anywhere else off loopback: never the superuser
            # (the control plane's role) or the broker's admin; a binding's role (member of
            # paas_service_users) only to the database named after a role it belongs to.
            host    all        postgres,paas_broker   0.0.0.0/0   reject
            host    samerole   +paas_service_users    0.0.0.0/0   scram-sha-256
            """;
    private final Path dataDir;
    private final boolean clean;
    private final int port;
    private final String password;
    private final Optional<String> servicesAddress;
    private volatile EmbeddedPostgres postgres;
    private volatile long postmasterPid;
    private volatile boolean closed;
    private ScheduledExecutorService watchdog;

    private EmbeddedDatabase(Path dataDir, boolean clean, int port, String password, Optional<String> servicesAddress) {
        this.dataDir = dataDir;
        this.clean = clean;
        this.port = port;
        this.password = password;
        this.servicesAddress = servicesAddress;
    }

    /**
     * Starts PostgreSQL on a free loopback port with its data in {@code dataDir} (created by
     * initdb on first use, kept afterwards). {@code clean} wipes it first, and at close (tests).
     */
    public static EmbeddedDatabase start(Path dataDir, boolean clean) {
        return start(dataDir, clean, Optional.empty());
    }

    /**
     * As {@link #start(Path, boolean)}; with a {@code servicesAddress} (an IPv4 literal of this
     * host, e.g. 10.253.0.1 on {@code ./paas up}'s {@code paas-svc0}) it also serves the built-in
     * broker's databases there (see the class comment).
     *
     * @throws IllegalArgumentException when the address is not an IPv4 literal
     */
    public static EmbeddedDatabase start(Path dataDir, boolean clean, Optional<String> servicesAddress) {
        servicesAddress.ifPresent(a -> {
            if (!a.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}")
                    || a.startsWith("127.") || a.equals("0.0.0.0")) {
                throw new IllegalArgumentException("PAAS_SERVICES_ADDRESS must be an IPv4 address of this host other than"
                        + " loopback (e.g. 10.253.0.1), got \"" + a + "\"");
            }
        });
        try {
            Files.createDirectories(dataDir.getParent());
            if (clean) {
                deleteTree(dataDir);
            }
            String password = LocalSecrets.readOrCreate(passwordFile(dataDir), "paas_pg_");
            if (servicesAddress.isPresent()) {
                // A postmaster left by a killed control plane still holds the kept port: stop it first.
                stopLeftover(dataDir);
            }
            int port = servicesAddress.isPresent() ? keptPort(portFile(dataDir)) : freePort();
            EmbeddedDatabase db = new EmbeddedDatabase(dataDir, clean, port, password, servicesAddress);
            db.startPostgres();
            return db;
        } catch (IOException | SQLException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir
                    + " (" + e.getMessage() + "); set PAAS_DB_URL to use an external PostgreSQL instead",
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** Where the superuser's generated password is kept: {@code postgres-password} beside the data directory. */
    public static Path passwordFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-password");
    }

    /** Where the broker's admin role's password is kept: {@code postgres-broker-password} beside the data directory. */
    public static Path brokerPasswordFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-broker-password");
    }

    /** The port kept for a database with a services address: {@code postgres-port} beside the data directory. */
    public static Path portFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-port");
    }

    /**
     * The port in {@code file} when it is still free, else a new free one (written there): bound
     * apps keep the port in their credentials, so it must outlive restarts.
     */
    private static int keptPort(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String kept = Files.readString(file).strip();
            if (kept.matches("[1-9]\\d{0,4}") && Integer.parseInt(kept) <= 65535 && portFree(Integer.parseInt(kept))) {
                return Integer.parseInt(kept);
            }
        }
        int port = freePort();
        Files.writeString(file, port + "\n");
        return port;
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new java.net.InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void startPostgres() throws IOException, SQLException {
        stopLeftover(dataDir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                // Never zonky's own clean-up: a restart must keep the data (start/close wipe it for tests).
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(30))
                .setServerConfig("listen_addresses", "127.0.0.1" + servicesAddress.map(a -> "," + a).orElse(""))
                .setServerConfig("password_encryption", "scram-sha-256")
                // zonky's defaults are a test database's (-F, synchronous_commit=off): a crash of
                // PostgreSQL would lose the last commits. Commits wait for their WAL write always;
                // fsync (surviving a crash of the machine) only for a database that is kept.
                .setServerConfig("fsync", clean ? "off" : "on")
                .setServerConfig("synchronous_commit", "on")
                // Its readiness probe logs in like everyone else: with the password (trust ignores it).
                .setConnectConfig("password", password)
                .start();
        postgres = pg;
        harden();
        postmasterPid = readPid(dataDir).orElse(-1L);
        LOG.infof("db.embedded-started port=%d data=%s pid=%d", port, dataDir, postmasterPid);
    }

    /**
     * Sets the superuser's password and rewrites {@code pg_hba.conf} without trust, then reloads.
     * Idempotent; it is what moves a data directory made by an older version (trust) over.
     */
    private void harden() throws IOException, SQLException {
        Path hba = dataDir.resolve("pg_hba.conf");
        String wanted = servicesAddress.isPresent() ? HBA + HBA_SERVICES : HBA;
        boolean rewrite = !Files.isRegularFile(hba) || !Files.readString(hba).equals(wanted);
        try (Connection c = DriverManager.getConnection(jdbcUrl(), props(password)); Statement st = c.createStatement()) {
            st.execute("SET password_encryption = 'scram-sha-256'");
            // The password is ours (URL-safe base64), never a user's string: no quoting issue.
            st.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
            if (servicesAddress.isPresent()) {
                prepareBroker(st);
            }
            if (rewrite) {
                Files.writeString(hba, wanted);
                st.execute("SELECT pg_reload_conf()");
                LOG.infof("db.embedded-hardened data=%s: pg_hba.conf rewritten (scram-sha-256 on 127.0.0.1 only, no trust)", dataDir);
            }
        }
    }

    /**
     * The broker's admin role, its database and the service users' group, made or set right at
     * every start (idempotent): an admin role changed by hand (made superuser, say) is put back.
     */
    private void prepareBroker(Statement st) throws SQLException {
        String brokerPassword = LocalSecrets.readOrCreate(brokerPasswordFile(dataDir), "paas_pgb_");
        st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + SERVICE_USERS + "') THEN"
                + " CREATE ROLE " + SERVICE_USERS + " NOLOGIN; END IF;"
                + " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + BROKER_ROLE + "') THEN"
                + " CREATE ROLE " + BROKER_ROLE + "; END IF; END $$");
        st.execute("ALTER ROLE " + SERVICE_USERS + " NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
        // Generated (URL-safe base64 after a fixed prefix), never a user's string: no quoting issue.
        st.execute("ALTER ROLE " + BROKER_ROLE + " LOGIN NOSUPERUSER CREATEDB CREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                + brokerPassword + "'");
        // It may put the roles it makes into the group (PostgreSQL 16 asks for ADMIN OPTION).
        st.execute("GRANT " + SERVICE_USERS + " TO " + BROKER_ROLE + " WITH ADMIN OPTION");
        boolean exists;
        try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + BROKER_ROLE + "'")) {
            exists = rs.next();
        }
        if (!exists) {
            st.execute("CREATE DATABASE " + BROKER_ROLE + " OWNER " + BROKER_ROLE);
        }
        st.execute("REVOKE ALL ON DATABASE " + BROKER_ROLE + " FROM PUBLIC");
        LOG.infof("db.embedded-services address=%s port=%d broker-role=%s", servicesAddress.orElseThrow(), port, BROKER_ROLE);
    }

    /** The broker's admin role's password (only with a services address). */
    public Optional<String> brokerPassword() {
        return servicesAddress.map(a -> LocalSecrets.readOrCreate(brokerPasswordFile(dataDir), "paas_pgb_"));
    }

    private static Properties props(String password) {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** The running postmaster's pid (from {@code postmaster.pid}), or -1. */
    public long pid() {
        return postmasterPid;
    }

    /**
     * Checks every {@code interval} that the postmaster lives; when it died, starts PostgreSQL
     * again on the same data directory and port (logging {@code db.embedded-restarted}), and keeps
     * trying each interval while that fails. The control plane's connections recover by themselves.
     */
    public synchronized void watch(Duration interval) {
        if (watchdog != null) {
            return;
        }
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-postgres-watch");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::restartIfDead, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look of the watchdog; true when it restarted PostgreSQL. */
    public synchronized boolean restartIfDead() {
        if (closed || alive()) {
            return false;
        }
        try {
            Optional<Long> now = readPid(dataDir);
            if (now.isPresent() && now.get() != postmasterPid && ProcessHandle.of(now.get()).map(ProcessHandle::isAlive).orElse(false)) {
                postmasterPid = now.get(); // started meanwhile (by hand): watch that one
                return false;
            }
        } catch (IOException e) {
            // unreadable pid file: PostgreSQL is not running from this directory
        }
        LOG.warnf("db.embedded-died pid=%d port=%d data=%s: starting it again", postmasterPid, port, dataDir);
        EmbeddedPostgres old = postgres;
        try {
            stopOrphans();
            if (old != null) {
                old.close(); // releases its lock on the data directory; its pg_ctl stop finds nothing to stop
            }
            startPostgres();
            LOG.infof("db.embedded-restarted port=%d data=%s pid=%d", port, dataDir, postmasterPid);
            return true;
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.errorf("db.embedded-restart-failed port=%d data=%s error=%s; trying again", port, dataDir, e.getMessage());
            return false;
        }
    }

    /**
     * Kills what is left of the dead postmaster's cluster: its backends and helpers (checkpointer,
     * WAL writer) live on a moment after it, and PostgreSQL's own interlock does not see them
     * from the user namespace zonky starts it in, so a new postmaster would share the data
     * directory with them. They are found by their working directory, which is the data directory.
     */
    private void stopOrphans() throws IOException {
        Path real = dataDir.toRealPath();
        List<ProcessHandle> orphans = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readSymbolicLink(proc.resolve("cwd")).equals(real)) {
                        ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(orphans::add);
                    }
                } catch (IOException | SecurityException gone) {
                    // ended meanwhile, or not ours to look at: not a process of this cluster
                }
            }
        }
        for (ProcessHandle p : orphans) {
            LOG.warnf("db.embedded-orphan pid=%d cmd=%s: stopping what is left of the dead PostgreSQL", p.pid(),
                    p.info().commandLine().orElse("?"));
            p.destroyForcibly();
        }
        for (ProcessHandle p : orphans) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("process " + p.pid() + " of the dead PostgreSQL does not exit", e);
            }
        }
    }

    private boolean alive() {
        return postmasterPid > 0 && ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        try {
            postgres.close();
            LOG.info("db.embedded-stopped");
        } catch (IOException e) {
            LOG.warnf("db.embedded-stop-failed error=%s", e.getMessage());
        }
        if (clean) {
            try {
                deleteTree(dataDir);
            } catch (IOException e) {
                LOG.warnf("db.embedded-cleanup-failed data=%s error=%s", dataDir, e.getMessage());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Optional<Long> readPid(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        return Files.readAllLines(pidFile).stream().findFirst().map(String::strip).filter(s -> s.matches("\\d+")).map(Long::parseLong);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * A postmaster left running by a control plane that was killed holds the data directory's
     * lock; ask it to shut down so this start can take over the same data.
     */
    private static void stopLeftover(Path dataDir) throws IOException {
        Optional<ProcessHandle> old = readPid(dataDir).flatMap(ProcessHandle::of)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                // Only a postmaster of this data directory: a reused pid may be anyone's PostgreSQL.
                .filter(p -> p.info().commandLine().map(c -> c.contains(dataDir.toString())).orElse(false));
        if (old.isEmpty() || !old.get().isAlive()) {
            return;
        }
        LOG.warnf("db.embedded-leftover pid=%d: stopping the PostgreSQL a previous run left behind", old.get().pid());
        old.get().destroy();
        try {
            old.get().onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("a previous PostgreSQL (pid " + old.get().pid() + ") still holds " + dataDir + "; stop it first", e);
        }
    }
}
