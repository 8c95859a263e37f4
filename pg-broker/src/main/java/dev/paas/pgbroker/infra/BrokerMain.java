package dev.paas.pgbroker.infra;

import dev.paas.pgbroker.api.BrokerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar paas-pg-broker.jar --app-host ADDRESS ...}: runs the broker until SIGTERM.
 * Passwords come from the environment or from files, never from arguments (they show in ps).
 */
@Command(name = "paas-pg-broker", mixinStandardHelpOptions = true,
        description = "An Open Service Broker (v2.17) for PostgreSQL: each service instance is a database, each "
                + "binding a login role, on a server reached through an admin role with CREATEDB CREATEROLE.")
public final class BrokerMain implements Callable<Integer> {

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address of the broker's HTTP port (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "8902", description = "The broker's HTTP port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--username", defaultValue = "${env:PAAS_PG_BROKER_USER:-paas}",
            description = "Basic-auth user platforms send (env PAAS_PG_BROKER_USER, default paas).")
    String username;

    @Option(names = "--password-file", description = "File holding the basic-auth password (else env PAAS_PG_BROKER_PASSWORD).")
    Path passwordFile;

    @Option(names = "--pg-host", defaultValue = "127.0.0.1", description = "Where the broker reaches PostgreSQL (default ${DEFAULT-VALUE}).")
    String pgHost;

    @Option(names = "--pg-port", defaultValue = "5432", description = "PostgreSQL's port as the broker reaches it (default ${DEFAULT-VALUE}).")
    int pgPort;

    @Option(names = "--pg-database", defaultValue = "paas_broker",
            description = "The broker's own database, where it keeps its state (default ${DEFAULT-VALUE}).")
    String pgDatabase;

    @Option(names = "--pg-user", defaultValue = "paas_broker",
            description = "The admin role: CREATEDB CREATEROLE, never a superuser (default ${DEFAULT-VALUE}).")
    String pgUser;

    @Option(names = "--pg-password-file", description = "File holding the admin role's password (else env PAAS_PG_BROKER_DB_PASSWORD).")
    Path pgPasswordFile;

    @Option(names = "--app-host", defaultValue = "${env:PAAS_PG_BROKER_APP_HOST}",
            description = "The server's address as apps reach it, put in credentials (env PAAS_PG_BROKER_APP_HOST).")
    String appHost;

    @Option(names = "--app-port", description = "The server's port as apps reach it (default: --pg-port).")
    Integer appPort;

    @Option(names = "--login-group", defaultValue = "paas_service_users",
            description = "NOLOGIN role every binding role joins, for pg_hba to admit (default ${DEFAULT-VALUE}).")
    String loginGroup;

    @Override
    public Integer call() throws Exception {
        BrokerConfig config;
        try {
            config = BrokerConfig.validated(bind, port, username, secret(passwordFile, "PAAS_PG_BROKER_PASSWORD"), pgHost,
                    pgPort, pgDatabase, pgUser, secret(pgPasswordFile, "PAAS_PG_BROKER_DB_PASSWORD"), appHost, appPort,
                    loginGroup);
        } catch (IllegalArgumentException e) {
            System.err.println("paas-pg-broker: " + e.getMessage());
            return 2;
        }
        BrokerServer server;
        try {
            server = BrokerServer.start(config);
        } catch (IllegalStateException e) {
            System.err.println("paas-pg-broker: refusing to start: " + e.getMessage());
            return 2;
        } catch (java.sql.SQLException e) {
            System.err.println("paas-pg-broker: cannot use PostgreSQL at " + config.pgHost() + ":" + config.pgPort() + "/"
                    + config.pgDatabase() + " as " + config.pgUser() + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "pg-broker-shutdown"));
        stopped.await();
        return 0;
    }

    /** The secret in {@code file} (first line), else in the variable {@code env}; null when neither. */
    static String secret(Path file, String env) {
        if (file != null) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
            }
        }
        String v = System.getenv(env);
        return v == null || v.isBlank() ? null : v.strip();
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %5$s%6$s%n");
        }
        System.exit(new CommandLine(new BrokerMain()).execute(args));
    }
}
