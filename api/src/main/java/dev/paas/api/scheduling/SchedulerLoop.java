package dev.paas.api.scheduling;

import dev.paas.api.infra.PaasConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * The scheduler's loop. Every control plane runs one; only the holder of a PostgreSQL advisory
 * lock (held by this loop's own connection, so it is released if the process or connection dies)
 * schedules. Rounds run on every {@code NOTIFY paas_converge} (sent by changes to apps, nodes and
 * instance states) and at least every {@code paas.scheduler.interval}.
 *
 * <p>Freshness: when it becomes leader (which it does again after a lost connection) or after a
 * round that failed on the database, the leader gives every node a full heartbeat time-out from
 * that moment before it may declare it DOWN (the leader's grace period; scheduler/README.md).
 */
@ApplicationScoped
public class SchedulerLoop {

    /** Arbitrary but fixed: every control plane must use the same key. */
    static final long LEADER_LOCK = 0x7061617353L;
    public static final String CHANNEL = "paas_converge";
    private static final Logger LOG = Logger.getLogger(SchedulerLoop.class);

    private final DataSource dataSource;
    private final SchedulerRound round;
    private final boolean enabled;
    private final Duration interval;
    private final Duration heartbeatTimeout;
    private final Clock clock;
    /**
     * When this loop began to hear heartbeats: set when it becomes leader (also after a lost
     * connection) and after a round that failed on the database; null until the next round.
     */
    private Instant freshSince;
    private volatile boolean running;
    private volatile boolean leader;
    private Thread thread;

    public SchedulerLoop(DataSource dataSource, SchedulerRound round, PaasConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.round = round;
        this.enabled = config.scheduler().enabled();
        this.interval = config.scheduler().interval();
        this.heartbeatTimeout = config.scheduler().heartbeatTimeout();
    }

    void onStart(@Observes StartupEvent ev) {
        if (!enabled) {
            LOG.info("scheduler.disabled");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "scheduler");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent ev) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5000);
        }
    }

    /** Whether this process currently holds the scheduler lock. */
    public boolean isLeader() {
        return leader;
    }

    private void loop() {
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    if (!leader) {
                        leader = tryLock(c);
                        if (leader) {
                            elected();
                        }
                    }
                    if (leader) {
                        runRound();
                    }
                    // Wait for a change notification or the interval, whichever comes first.
                    pg.getNotifications((int) interval.toMillis());
                }
            } catch (SQLException e) {
                leader = false;
                if (running) {
                    LOG.warnf("scheduler.connection-lost error=%s; retrying in %s", e.getMessage(), interval);
                    sleep();
                }
            }
        }
        leader = false;
    }

    /** Leadership (first, or again after a lost connection): nothing was heard meanwhile. */
    void elected() {
        freshSince = null;
        LOG.infof("scheduler.leader-elected grace=%s", heartbeatTimeout);
    }

    /**
     * One round. A leader that has just been elected or has just got its database back has not
     * heard heartbeats meanwhile: its grace period starts now (see {@code Converger}'s freshness).
     */
    void runRound() {
        if (freshSince == null) {
            freshSince = clock.instant();
            LOG.infof("scheduler.fresh since=%s grace=%s", freshSince, heartbeatTimeout);
        }
        try {
            round.run(heartbeatTimeout, freshSince);
        } catch (RuntimeException e) {
            if (causedBySql(e)) {
                // Heartbeats may have failed to reach the database too: judge nobody on them.
                freshSince = null;
            }
            LOG.warnf(e, "scheduler.round-failed error=%s", e.getMessage());
        }
    }

    private static boolean causedBySql(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_try_advisory_lock(" + LEADER_LOCK + ")")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
