package dev.paas.pgbroker.infra;

import dev.paas.pgbroker.api.BrokerConfig;
import dev.paas.pgbroker.core.Credentials;
import dev.paas.pgbroker.core.Names;
import dev.paas.pgbroker.core.OsbError;
import dev.paas.pgbroker.core.OsbRequests;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.PGConnection;

/**
 * Service instances and bindings as databases and roles on the operator's PostgreSQL server,
 * reached through an admin role with CREATEDB and CREATEROLE (never a superuser: {@link #start}
 * refuses one). The broker's state (which instance is which database, which binding which role,
 * and its password) lives in the same server, schema {@code paas_broker} of the broker's own
 * database, so a restart of the broker loses nothing.
 *
 * <p>Every operation on an instance holds a session advisory lock on it; a second one at the same
 * time is refused with 422 ConcurrencyError. Each step is idempotent and names are derived from
 * the platform's ids ({@link Names}), so a retry after a crash finishes (or removes) what the
 * first try made; a failed provision or bind removes what it made before answering.
 */
final class PostgresBroker {

    private static final System.Logger LOG = System.getLogger("dev.paas.pgbroker");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A binding's role may hold this many sessions at once (the plan's size). */
    static final int CONNECTION_LIMIT = 20;

    private final BrokerConfig config;

    /** What a provision or bind did: created it now, or found it made identically before. */
    record Outcome(boolean created, Map<String, Object> credentials) {
    }

    PostgresBroker(BrokerConfig config) {
        this.config = config;
    }

    /**
     * Checks the admin role (refuses a superuser, requires CREATEDB and CREATEROLE) and makes the
     * state schema and the login group when missing.
     *
     * @throws IllegalStateException saying what the operator must change
     */
    void start() throws SQLException {
        try (Connection c = connect(config.pgDatabase()); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    throw new IllegalStateException("role " + config.pgUser() + " is a superuser; give the broker a role"
                            + " with CREATEDB CREATEROLE only (a superuser could reach every database on the server)");
                }
                if (!rs.getBoolean(2) || !rs.getBoolean(3)) {
                    throw new IllegalStateException("role " + config.pgUser() + " needs CREATEDB and CREATEROLE"
                            + " (ALTER ROLE " + config.pgUser() + " CREATEDB CREATEROLE)");
                }
            }
            st.execute("CREATE SCHEMA IF NOT EXISTS paas_broker");
            st.execute("CREATE TABLE IF NOT EXISTS paas_broker.instances (instance_id text PRIMARY KEY,"
                    + " service_id text NOT NULL, plan_id text NOT NULL, database text NOT NULL UNIQUE,"
                    + " parameters text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
            st.execute("CREATE TABLE IF NOT EXISTS paas_broker.bindings (instance_id text NOT NULL"
                    + " REFERENCES paas_broker.instances, binding_id text NOT NULL, username text NOT NULL UNIQUE,"
                    + " password text NOT NULL, app_guid text, parameters text NOT NULL,"
                    + " created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (instance_id, binding_id))");
            if (!roleExists(c, config.loginGroup())) {
                st.execute("CREATE ROLE " + config.loginGroup() + " NOLOGIN");
            }
        }
    }

    boolean healthy() {
        try (Connection c = connect(config.pgDatabase()); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    Outcome provision(String instanceId, OsbRequests.Provision req) throws SQLException {
        try (Connection c = lockedOn(instanceId)) {
            Optional<String[]> row = instanceRow(c, instanceId);
            if (row.isPresent()) {
                String[] r = row.get();
                if (r[0].equals(req.serviceId()) && r[1].equals(req.planId()) && r[3].equals(req.parameters())) {
                    return new Outcome(false, Map.of());
                }
                throw new OsbError(409, "Conflict", "service instance " + instanceId + " exists with other attributes");
            }
            String db = Names.instance(instanceId);
            try (Statement st = c.createStatement()) {
                if (!roleExists(c, db)) {
                    st.execute("CREATE ROLE " + db + " NOLOGIN");
                }
                // The admin may create a database owned by the role, and later act for it.
                st.execute("GRANT " + db + " TO CURRENT_USER");
                if (!databaseExists(c, db)) {
                    st.execute("CREATE DATABASE " + db + " OWNER " + db);
                }
                st.execute("REVOKE ALL ON DATABASE " + db + " FROM PUBLIC");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO paas_broker.instances"
                        + " (instance_id, service_id, plan_id, database, parameters) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, instanceId);
                    ps.setString(2, req.serviceId());
                    ps.setString(3, req.planId());
                    ps.setString(4, db);
                    ps.setString(5, req.parameters());
                    ps.executeUpdate();
                }
            } catch (SQLException e) {
                dropInstanceObjects(c, db);
                throw e;
            }
            LOG.log(System.Logger.Level.INFO, "broker.provisioned instance=" + instanceId + " database=" + db);
            return new Outcome(true, Map.of());
        }
    }

    /** False when there was no such instance (410 Gone). */
    boolean deprovision(String instanceId) throws SQLException {
        try (Connection c = lockedOn(instanceId)) {
            Optional<String[]> row = instanceRow(c, instanceId);
            if (row.isEmpty()) {
                return false;
            }
            String db = row.get()[2];
            for (String user : bindingUsers(c, instanceId)) {
                dropBindingRole(c, db, user);
            }
            dropInstanceObjects(c, db);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM paas_broker.bindings WHERE instance_id = ?");
                 PreparedStatement pi = c.prepareStatement("DELETE FROM paas_broker.instances WHERE instance_id = ?")) {
                ps.setString(1, instanceId);
                ps.executeUpdate();
                pi.setString(1, instanceId);
                pi.executeUpdate();
            }
            LOG.log(System.Logger.Level.INFO, "broker.deprovisioned instance=" + instanceId + " database=" + db);
            return true;
        }
    }

    boolean exists(String instanceId) throws SQLException {
        try (Connection c = connect(config.pgDatabase())) {
            return instanceRow(c, instanceId).isPresent();
        }
    }

    Outcome bind(String instanceId, String bindingId, OsbRequests.Bind req) throws SQLException {
        try (Connection c = lockedOn(instanceId)) {
            String[] instance = instanceRow(c, instanceId).orElseThrow(() -> new OsbError(404, "NotFound",
                    "service instance " + instanceId + " does not exist"));
            String db = instance[2];
            try (PreparedStatement ps = c.prepareStatement("SELECT username, password, app_guid, parameters"
                    + " FROM paas_broker.bindings WHERE instance_id = ? AND binding_id = ?")) {
                ps.setString(1, instanceId);
                ps.setString(2, bindingId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        if (java.util.Objects.equals(rs.getString(3), req.appGuid()) && rs.getString(4).equals(req.parameters())) {
                            return new Outcome(false, credentials(db, rs.getString(1), rs.getString(2)));
                        }
                        throw new OsbError(409, "Conflict", "service binding " + bindingId + " exists with other attributes");
                    }
                }
            }
            String user = Names.binding(instanceId, bindingId);
            String password = newPassword();
            try (Statement st = c.createStatement()) {
                if (roleExists(c, user)) {
                    dropBindingRole(c, db, user);  // left by a bind that died half-way: start afresh
                }
                st.execute("CREATE ROLE " + user + " LOGIN CONNECTION LIMIT " + CONNECTION_LIMIT + " IN ROLE " + db + ", "
                        + config.loginGroup());
                // The admin may end its sessions and take back what it owns (unbind).
                st.execute("GRANT " + user + " TO CURRENT_USER");
                // Its sessions act as the instance's owner: every binding's tables belong to the
                // instance, so apps bound later (and unbinds) find them.
                st.execute("ALTER ROLE " + user + " SET role = '" + db + "'");
                // The SCRAM verifier is computed here: the password never travels or lands in a log.
                c.unwrap(PGConnection.class).alterUserPassword(user, password.toCharArray(), "scram-sha-256");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO paas_broker.bindings"
                        + " (instance_id, binding_id, username, password, app_guid, parameters) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, instanceId);
                    ps.setString(2, bindingId);
                    ps.setString(3, user);
                    ps.setString(4, password);
                    ps.setString(5, req.appGuid());
                    ps.setString(6, req.parameters());
                    ps.executeUpdate();
                }
            } catch (SQLException e) {
                dropBindingRole(c, db, user);
                throw e;
            }
            LOG.log(System.Logger.Level.INFO, "broker.bound instance=" + instanceId + " binding=" + bindingId + " role=" + user);
            return new Outcome(true, credentials(db, user, password));
        }
    }

    /** False when there was no such binding (410 Gone). */
    boolean unbind(String instanceId, String bindingId) throws SQLException {
        try (Connection c = lockedOn(instanceId)) {
            Optional<String[]> instance = instanceRow(c, instanceId);
            if (instance.isEmpty()) {
                return false;
            }
            String user;
            try (PreparedStatement ps = c.prepareStatement("SELECT username FROM paas_broker.bindings"
                    + " WHERE instance_id = ? AND binding_id = ?")) {
                ps.setString(1, instanceId);
                ps.setString(2, bindingId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    user = rs.getString(1);
                }
            }
            dropBindingRole(c, instance.get()[2], user);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM paas_broker.bindings WHERE instance_id = ? AND binding_id = ?")) {
                ps.setString(1, instanceId);
                ps.setString(2, bindingId);
                ps.executeUpdate();
            }
            LOG.log(System.Logger.Level.INFO, "broker.unbound instance=" + instanceId + " binding=" + bindingId + " role=" + user);
            return true;
        }
    }

    private Map<String, Object> credentials(String db, String user, String password) {
        return Credentials.of(config.appHost(), config.appPort(), db, user, password);
    }

    /**
     * Ends a binding role for good: no new logins, its sessions terminated, what it owns in the
     * instance's database handed to the instance's owner (or dropped), then the role. Idempotent.
     */
    private void dropBindingRole(Connection c, String db, String user) throws SQLException {
        if (!Names.isOwn(user) || !Names.isOwn(db)) {
            throw new IllegalArgumentException("not a name of the broker's: " + user + " / " + db);
        }
        if (!roleExists(c, user)) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("ALTER ROLE " + user + " NOLOGIN");
            terminate(c, "usename = '" + user + "'");
            if (databaseExists(c, db)) {
                try (Connection inDb = connect(db); Statement s = inDb.createStatement()) {
                    s.execute("REASSIGN OWNED BY " + user + " TO " + db);
                    s.execute("DROP OWNED BY " + user);
                }
            }
            st.execute("DROP ROLE IF EXISTS " + user);
        }
    }

    /** Drops an instance's database (its sessions ended) and owner role, as far as they exist. */
    private void dropInstanceObjects(Connection c, String db) throws SQLException {
        if (!Names.isOwn(db)) {
            throw new IllegalArgumentException("not a name of the broker's: " + db);
        }
        try (Statement st = c.createStatement()) {
            if (databaseExists(c, db)) {
                terminate(c, "datname = '" + db + "'");
                st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
            st.execute("DROP ROLE IF EXISTS " + db);
        }
    }

    /** Terminates the sessions {@code where} selects (a condition on broker-made names only) and waits for them to end. */
    private static void terminate(Connection c, String where) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE " + where
                    + " AND pid <> pg_backend_pid()");
        }
    }

    private List<String> bindingUsers(Connection c, String instanceId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT username FROM paas_broker.bindings WHERE instance_id = ?")) {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** service_id, plan_id, database, parameters. */
    private static Optional<String[]> instanceRow(Connection c, String instanceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT service_id, plan_id, database, parameters"
                + " FROM paas_broker.instances WHERE instance_id = ?")) {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                        : Optional.empty();
            }
        }
    }

    /**
     * A connection to the broker's database holding the instance's advisory lock until it is
     * closed; 422 ConcurrencyError when another request holds it.
     */
    private Connection lockedOn(String instanceId) throws SQLException {
        Connection c = connect(config.pgDatabase());
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext('paas-pg-broker'), hashtext(?))")) {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    c.close();
                    throw OsbError.concurrency(instanceId);
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static boolean roleExists(Connection c, String role) throws SQLException {
        return exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role);
    }

    private static boolean databaseExists(Connection c, String db) throws SQLException {
        return exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", db);
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", config.pgUser());
        p.setProperty("password", config.pgPassword());
        p.setProperty("ApplicationName", "paas-pg-broker");
        p.setProperty("connectTimeout", "10");
        String host = config.pgHost().contains(":") ? "[" + config.pgHost() + "]" : config.pgHost();
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + config.pgPort() + "/" + database, p);
    }

    /** 24 random bytes, URL-safe base64 (32 characters): safe in a URI and a JDBC URL as they are. */
    static String newPassword() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
