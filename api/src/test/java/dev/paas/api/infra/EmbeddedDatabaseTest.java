package dev.paas.api.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL as a server of its own (issue 13's defense in depth, issue 21): no
 * login without the generated password, a data directory made by an older version (trust) is
 * moved over at start, and a PostgreSQL that died is started again on the same port and data.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path tmp;

    @Test
    void aSuperuserLoginNeedsTheGeneratedPassword() throws Exception {
        Path data = tmp.resolve("postgres");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, false)) {
            assertRefusedWithoutPassword(db);
            assertThat(select(db.jdbcUrl(), db.password(), "select current_setting('password_encryption')")).isEqualTo("scram-sha-256");
            assertThat(select(db.jdbcUrl(), db.password(), "select current_setting('listen_addresses')")).isEqualTo("127.0.0.1");
            assertThat(select(db.jdbcUrl(), db.password(), "select count(*) from pg_hba_file_rules where auth_method = 'trust'")).isEqualTo("0");
            assertThat(select(db.jdbcUrl(), db.password(), "select substr(rolpassword, 1, 13) from pg_authid where rolname = 'postgres'"))
                    .isEqualTo("SCRAM-SHA-256");
            Path file = EmbeddedDatabase.passwordFile(data);
            assertThat(file).isEqualTo(tmp.resolve("postgres-password"));
            assertThat(Files.readString(file).strip()).isEqualTo(db.password()).startsWith("paas_pg_");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust").contains("127.0.0.1/32   scram-sha-256");
        }
    }

    @Test
    void aDataDirectoryMadeWithTrustIsMovedOverAtStart() throws Exception {
        Path data = tmp.resolve("postgres");
        // What an older paas left: zonky's initdb with trust for everyone.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start()) {
            try (Connection c = old.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("create table kept (v text)");
                st.execute("insert into kept values ('data of the old version')");
            }
        }
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).contains("trust");

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, false)) {
            assertRefusedWithoutPassword(db);
            assertThat(select(db.jdbcUrl(), db.password(), "select v from kept")).isEqualTo("data of the old version");
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");
        }
    }

    @Test
    void aPostgresThatDiedIsStartedAgainOnTheSamePortAndData() throws Exception {
        Path data = tmp.resolve("postgres");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, false)) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), props(db.password())); Statement st = c.createStatement()) {
                st.execute("create table kept (v text)");
                st.execute("insert into kept values ('before the crash')");
            }
            long pid = db.pid();
            assertThat(select(db.jdbcUrl(), db.password(), "select current_setting('synchronous_commit') || current_setting('fsync')"))
                    .as("a commit survives a crash").isEqualTo("onon");
            assertThat(db.restartIfDead()).as("alive: nothing to do").isFalse();
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            postmaster.destroyForcibly();
            postmaster.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThatThrownBy(() -> select(db.jdbcUrl(), db.password(), "select 1")).isInstanceOf(SQLException.class);

            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!db.restartIfDead()) {
                // Its backends may hold the shared memory a moment after the postmaster died.
                assertThat(System.nanoTime()).as("restarted within 60 s").isLessThan(deadline);
                Thread.sleep(500);
            }
            assertThat(db.pid()).isNotEqualTo(pid).isPositive();
            assertThat(select(db.jdbcUrl(), db.password(), "select v from kept")).isEqualTo("before the crash");
        }
    }

    private static void assertRefusedWithoutPassword(EmbeddedDatabase db) {
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), props(null))).isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), props("wrong"))).isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    private static Properties props(String password) {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    private static String select(String url, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, props(password)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
