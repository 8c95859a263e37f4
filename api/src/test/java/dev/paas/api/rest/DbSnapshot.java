package dev.paas.api.rest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Row counts and a checksum of every table, to prove that a refused request wrote nothing.
 * Only valid while no other request runs (tests run one at a time) and no background job writes:
 * the scheduler loop is off in tests, and tests that queue a build wait for it to finish.
 */
public record DbSnapshot(Map<String, String> tables) {

    /** Every table of db/src/main/resources/db/migration except Flyway's own history. */
    static final List<String> TABLES = List.of("users", "api_tokens", "spaces", "space_members", "apps", "routes", "events",
            "node_pools", "join_tokens", "nodes", "images", "revisions", "instances", "packages", "builds", "staging_queue", "routers",
            "security_groups", "security_group_spaces", "service_instances", "service_bindings",
            "app_processes", "tasks", "service_brokers", "service_offerings", "service_plans", "snapshots");

    public static DbSnapshot take(DataSource ds) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            checkCoversEveryTable(s);
            for (String t : TABLES) {
                try (ResultSet rs = s.executeQuery("select count(*), coalesce(md5(string_agg(x::text, ',' order by x::text)), '') from " + t + " x")) {
                    rs.next();
                    out.put(t, rs.getLong(1) + ":" + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new DbSnapshot(out);
    }

    /** A snapshot that skips a table proves nothing about it: a new migration's table must be added above. */
    private static void checkCoversEveryTable(Statement s) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("select table_name from information_schema.tables where table_schema = current_schema()"
                + " and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history' order by table_name")) {
            while (rs.next()) {
                if (!TABLES.contains(rs.getString(1))) {
                    missing.add(rs.getString(1));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("DbSnapshot.TABLES lacks " + missing + "; add them so refused requests are proven to write nothing");
        }
    }

    /** The names of the tables whose rows differ from {@code before}'s. */
    public List<String> changedSince(DbSnapshot before) {
        List<String> changed = new ArrayList<>();
        tables.forEach((t, v) -> {
            if (!v.equals(before.tables().get(t))) {
                changed.add(t);
            }
        });
        return changed;
    }

    /** The row count of {@code table}. */
    public long rows(String table) {
        return Long.parseLong(tables.get(table).substring(0, tables.get(table).indexOf(':')));
    }
}
