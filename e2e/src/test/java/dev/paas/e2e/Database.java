package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's embedded PostgreSQL, read by a test as an operator would (the superuser's
 * password file beside the data directory, the port from the control plane's log): for
 * snapshots that show nothing was written.
 */
final class Database {

    private final String url;
    private final Properties login = new Properties();

    private Database(String url, String password) {
        this.url = url;
        login.setProperty("user", "postgres");
        login.setProperty("password", password);
    }

    static Database of(Platform platform) throws IOException {
        Matcher m = Pattern.compile("db.embedded-started port=(\\d+)").matcher(Files.readString(platform.dir.resolve("control-plane.log")));
        assertThat(m.find()).as("the control plane's log names its PostgreSQL port").isTrue();
        Path password = platform.dir.resolve("data/postgres-password");
        return new Database("jdbc:postgresql://127.0.0.1:" + m.group(1) + "/postgres", Files.readString(password).strip());
    }

    /**
     * The embedded PostgreSQL of a platform {@code ./paas up} runs from {@code dataDir}: its kept
     * port ({@code postgres-port}) and the superuser's password file, as an operator reads them.
     */
    static Database ofDataDir(Path dataDir) throws IOException {
        String port = Files.readString(dataDir.resolve("postgres-port")).strip();
        return new Database("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                Files.readString(dataDir.resolve("postgres-password")).strip());
    }

    /** The single number {@code sql} answers (a count), with {@code args} bound in order. */
    long number(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(url, login); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError("could not ask the platform's database at " + url + ": " + e.getMessage(), e);
        }
    }

    /** Rows per table of the platform's schema (Flyway's history aside). */
    Map<String, Long> rowCounts() {
        try (Connection c = DriverManager.getConnection(url, login); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                    + "AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'flyway%' ORDER BY table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            Map<String, Long> counts = new TreeMap<>();
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
                    rs.next();
                    counts.put(t, rs.getLong(1));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new AssertionError("could not read the platform's database at " + url + ": " + e.getMessage(), e);
        }
    }
}
