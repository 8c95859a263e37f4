package dev.paas.api.rest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Row counts and a checksum of every table, to prove that a refused request wrote nothing.
 * Only valid while no other request runs (tests run one at a time).
 */
public record DbSnapshot(Map<String, String> tables) {

    private static final List<String> TABLES = List.of("users", "api_tokens", "spaces", "space_members", "apps",
            "routes", "events", "node_pools", "join_tokens");

    public static DbSnapshot take(DataSource ds) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
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
}
