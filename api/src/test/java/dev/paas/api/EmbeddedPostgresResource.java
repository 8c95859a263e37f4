package dev.paas.api;

import dev.paas.api.infra.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * A real PostgreSQL for {@code @QuarkusTest}: {@code TEST_DB_URL} (with {@code TEST_DB_USER},
 * {@code TEST_DB_PASSWORD}) when set, else the same embedded PostgreSQL the control plane runs,
 * in a fresh temporary directory.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    /** The embedded database of this test run (null with TEST_DB_URL): tests that stop it use it. */
    public static volatile EmbeddedDatabase db;

    @Override
    public Map<String, String> start() {
        String url = System.getenv("TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return Map.of("paas.db.url", url,
                    "paas.db.user", System.getenv().getOrDefault("TEST_DB_USER", "postgres"),
                    "paas.db.password", System.getenv().getOrDefault("TEST_DB_PASSWORD", ""));
        }
        try {
            db = EmbeddedDatabase.start(Files.createTempDirectory("paas-test-pg").resolve("data"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("paas.db.url", db.jdbcUrl(), "paas.db.user", db.user(), "paas.db.password", db.password());
    }

    @Override
    public void stop() {
        if (db != null) {
            db.close();
        }
    }
}
