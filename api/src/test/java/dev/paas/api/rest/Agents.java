package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static dev.paas.api.rest.Api.as;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Test helpers for the node-agent protocol: pools, join tokens, joined nodes, placed instances. */
final class Agents {

    private Agents() {
    }

    /** A new pool and a join token for it. */
    static String joinToken(String pool) {
        Api.pool(pool);
        return Api.check(admin().body(Map.of()).post("/v1/node-pools/" + pool + "/join-tokens"), 201).path("token");
    }

    static Map<String, Object> joinBody(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("address", "127.0.0.1");
        body.put("agentPort", 8901);
        body.put("memoryMb", 4096);
        body.put("vcpus", 2);
        body.put("accelerator", "TCG");
        body.put("agentVersion", "0.1.0");
        return body;
    }

    /** Joins a node and returns its credential. */
    static String join(String token, String name) {
        return Api.check(as(token).body(joinBody(name)).post("/v1/agent/join"), 201).path("credential");
    }

    /**
     * Places an instance of {@code app} on {@code node} directly in the database, as the scheduler
     * will, and bumps the node's desired version. Returns the instance id.
     */
    static long place(DataSource ds, String space, String app, String node, int index) {
        try (Connection c = ds.getConnection()) {
            String digest = String.format("%064x", System.nanoTime());
            exec(c, "insert into images (digest, size_bytes, runtime) values (?, 1, 'static')", digest);
            long appId = id(c, "select a.id from apps a join spaces s on s.id = a.space_id where s.name = ? and a.name = ?", space, app);
            long rev = id(c, "insert into revisions (app_id, number, image_digest, created_by) values (?, "
                    + "(select coalesce(max(number), 0) + 1 from revisions where app_id = ?), ?, 'test') returning id", appId, appId, digest);
            long nodeId = id(c, "select id from nodes where name = ?", node);
            long inst = id(c, "insert into instances (app_id, idx, revision_id, memory_mb, node_id, state, state_since, created_at) "
                    + "values (?, ?, ?, 256, ?, 'CLAIMED', now(), now()) returning id", appId, index, rev, nodeId);
            exec(c, "update nodes set desired_version = desired_version + 1 where id = ?", nodeId);
            return inst;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives the app a staged revision (a fake image row) as a push will, and returns its id. */
    static long stage(DataSource ds, String space, String app) {
        try (Connection c = ds.getConnection()) {
            String digest = String.format("%064x", System.nanoTime());
            exec(c, "insert into images (digest, size_bytes, runtime) values (?, 1, 'static')", digest);
            long appId = id(c, "select a.id from apps a join spaces s on s.id = a.space_id where s.name = ? and a.name = ?", space, app);
            long rev = id(c, "insert into revisions (app_id, number, image_digest, created_by) values (?, "
                    + "(select coalesce(max(number), 0) + 1 from revisions where app_id = ?), ?, 'test') returning id", appId, appId, digest);
            exec(c, "update apps set revision_id = ? where id = ?", rev, appId);
            return rev;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long appId(DataSource ds, String space, String app) {
        try (Connection c = ds.getConnection()) {
            return id(c, "select a.id from apps a join spaces s on s.id = a.space_id where s.name = ? and a.name = ?", space, app);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs SQL against the test database (for states only a clock or a crash produces). */
    static void sql(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection()) {
            exec(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of a query (a count, an id). */
    static long number(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection()) {
            return id(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void bump(DataSource ds, String node) {
        try (Connection c = ds.getConnection()) {
            exec(c, "update nodes set desired_version = desired_version + 1 where name = ?", node);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void markDown(DataSource ds, String node) {
        try (Connection c = ds.getConnection()) {
            exec(c, "update nodes set state = 'DOWN' where name = ?", node);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            ps.executeUpdate();
        }
    }

    private static long id(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}
