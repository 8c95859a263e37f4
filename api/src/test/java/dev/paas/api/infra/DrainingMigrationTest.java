package dev.paas.api.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V9_1 turns the rows a control plane of before left (draining as {@code unrouted_at}) into the
 * DRAINING state: a running unrouted instance is DRAINING since it was unrouted; one that had
 * left RUNNING by itself is asked to stop, as the next round would have; the rest stay as they were.
 */
class DrainingMigrationTest {

    @Test
    void unroutedRowsBecomeDraining() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DataSource ds = pg.getPostgresDatabase();
            migrate(ds, "8");
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("insert into spaces (id, name) values (1, 'sp')");
                st.execute("insert into apps (id, space_id, name, state, instances, memory_mb, health_check_type, health_check_timeout_s)"
                        + " values (1, 1, 'web', 'STARTED', 4, 64, 'PORT', 60)");
                String cols = "insert into instances (id, app_id, idx, memory_mb, desired, state, state_since, created_at, unrouted_at) values ";
                st.execute(cols + "(1, 1, 0, 64, 'RUN',  'RUNNING', '2026-01-01 12:00:00+00', now(), '2026-01-01 12:05:00+00')");
                st.execute(cols + "(2, 1, 1, 64, 'RUN',  'CRASHED', '2026-01-01 12:06:00+00', now(), '2026-01-01 12:05:00+00')");
                st.execute(cols + "(3, 1, 2, 64, 'STOP', 'RUNNING', '2026-01-01 12:00:00+00', now(), '2026-01-01 12:05:00+00')");
                st.execute(cols + "(4, 1, 3, 64, 'RUN',  'RUNNING', '2026-01-01 12:00:00+00', now(), null)");
            }
            migrate(ds, "9.1");
            assertThat(rows(ds)).containsExactly(
                    Map.entry(1L, "RUN DRAINING 2026-01-01 12:05:00+00"),
                    Map.entry(2L, "STOP CRASHED 2026-01-01 12:06:00+00"),
                    Map.entry(3L, "STOP RUNNING 2026-01-01 12:00:00+00"),
                    Map.entry(4L, "RUN RUNNING 2026-01-01 12:00:00+00"));
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeQuery("select unrouted_at from instances")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("unrouted_at");
                assertThatThrownBy(() -> st.execute("update instances set state = 'LIMBO' where id = 4")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("instances_state_check");
            }
        }
    }

    private static void migrate(DataSource ds, String target) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target(target).load().migrate();
    }

    private static Map<Long, String> rows(DataSource ds) throws SQLException {
        Map<Long, String> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("set time zone 'UTC'");
            try (ResultSet r = st.executeQuery("select id, desired, state, state_since from instances order by id")) {
                while (r.next()) {
                    out.put(r.getLong(1), r.getString(2) + " " + r.getString(3) + " " + r.getString(4));
                }
            }
        }
        return out;
    }
}
