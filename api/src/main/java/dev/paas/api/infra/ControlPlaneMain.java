package dev.paas.api.infra;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Entry point of the control plane. Before Quarkus starts, it decides where the database is:
 * {@code PAAS_DB_URL} (with {@code PAAS_DB_USER}, {@code PAAS_DB_PASSWORD}) names an external
 * PostgreSQL; without it an embedded PostgreSQL runs with its data under
 * {@code ~/.local/share/paas/postgres} (or {@code $PAAS_DATA_DIR/postgres}), its superuser's
 * generated password in {@code postgres-password} beside it, watched and restarted when it dies.
 * With {@code PAAS_SERVICES_ADDRESS} (an address of this host, e.g. 10.253.0.1) the embedded
 * PostgreSQL also serves the built-in broker's databases there (see {@link EmbeddedDatabase}).
 */
@QuarkusMain
public final class ControlPlaneMain {

    /** How often the embedded PostgreSQL is checked for life. */
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);

    private ControlPlaneMain() {
    }

    public static void main(String... args) {
        if (configured("PAAS_DB_URL", "paas.db.url") == null
                && configured("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url") == null) {
            Path dataDir = dataDir();
            EmbeddedDatabase db = EmbeddedDatabase.start(dataDir.resolve("postgres"), false,
                    java.util.Optional.ofNullable(configured("PAAS_SERVICES_ADDRESS", "paas.services.address")));
            System.setProperty("paas.db.url", db.jdbcUrl());
            System.setProperty("paas.db.user", db.user());
            System.setProperty("paas.db.password", db.password());
            // Restarted on the same port when it dies; the pool's connections then recover.
            db.watch(WATCH_INTERVAL);
            if (configured("PAAS_ADMIN_PASSWORD_FILE", "paas.admin.password-file") == null) {
                System.setProperty("paas.admin.password-file", dataDir.resolve("admin-password").toString());
            }
            // Stop PostgreSQL only after Quarkus has closed its connections, whoever starts the shutdown.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Application app = Application.currentApplication();
                if (app != null) {
                    app.stop();
                }
                db.close();
            }, "embedded-postgres-stop"));
        }
        if (configured("PAAS_ROUTER_KEY", "paas.router.key") == null) {
            // A local platform: routers started by ./paas up read the same file.
            System.setProperty("paas.router.key", LocalSecrets.readOrCreate(dataDir().resolve("router-key")));
        }
        if (configured("PAAS_SERVICES_KEY", "paas.services.key") == null) {
            // Service credentials are sealed with it; keep the file with the data directory's backups.
            System.setProperty("paas.services.key", LocalSecrets.readOrCreate(dataDir().resolve("services-key"), "paas_sk_"));
        }
        Quarkus.run(args);
    }

    /** The data directory: {@code $PAAS_DATA_DIR}, else {@code ~/.local/share/paas}. */
    public static Path dataDir() {
        String dir = configured("PAAS_DATA_DIR", "paas.data-dir");
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".local", "share", "paas");
    }

    private static String configured(String env, String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
