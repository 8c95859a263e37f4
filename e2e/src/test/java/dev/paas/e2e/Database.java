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
