package dev.paas.api.ui;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Direct SQL for states only a clock or an agent produces (an expired session, an app's id). */
final class Sql {

    private Sql() {
    }

    static void exec(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = prepare(c, sql, args)) {
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long number(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long appId(DataSource ds, String space, String app) {
        return number(ds, "select a.id from apps a join spaces s on s.id = a.space_id where s.name = ? and a.name = ?", space, app);
    }

    /** Gives the app a staged revision (a fake image row) as a push does. */
    static void stage(DataSource ds, String space, String app) {
        long appId = appId(ds, space, app);
        String digest = String.format("%064x", System.nanoTime());
        exec(ds, "insert into images (digest, size_bytes, runtime) values (?, 1, 'static')", digest);
        long rev = number(ds, "insert into revisions (app_id, number, image_digest, created_by) values (?, "
                + "(select coalesce(max(number), 0) + 1 from revisions where app_id = ?), ?, 'test') returning id", appId, appId, digest);
        exec(ds, "update apps set revision_id = ? where id = ?", rev, appId);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}
