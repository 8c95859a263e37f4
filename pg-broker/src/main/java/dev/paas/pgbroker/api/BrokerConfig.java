package dev.paas.pgbroker.api;

import java.util.Objects;

/**
 * Everything the broker is started with, validated once ({@link #validated}); later code never
 * sees an unchecked value. Secrets never appear in {@link #toString()}.
 *
 * @param bind        address the OSB HTTP port listens on (an IP literal)
 * @param port        OSB HTTP port; 0 picks a free one
 * @param username    basic-auth user a platform must send
 * @param password    basic-auth password a platform must send
 * @param pgHost      where the broker reaches the PostgreSQL server
 * @param pgPort      its port
 * @param pgDatabase  the broker's own database on it: the broker keeps its state there (schema
 *                    {@code paas_broker}); the admin role must be able to create a schema in it
 * @param pgUser      the admin role: CREATEDB and CREATEROLE, never a superuser
 * @param pgPassword  its password
 * @param appHost     the server's address as apps reach it (credentials' host)
 * @param appPort     the server's port as apps reach it
 * @param loginGroup  a NOLOGIN role every binding's role joins (pg_hba may admit only its members)
 */
public record BrokerConfig(String bind, int port, String username, String password, String pgHost, int pgPort,
                           String pgDatabase, String pgUser, String pgPassword, String appHost, int appPort,
                           String loginGroup) {

    private static final String IDENT = "[a-z_][a-z0-9_]{0,62}";
    private static final String HOST = "[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*";

    public BrokerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(pgHost, "pgHost");
        Objects.requireNonNull(pgDatabase, "pgDatabase");
        Objects.requireNonNull(pgUser, "pgUser");
        Objects.requireNonNull(pgPassword, "pgPassword");
        Objects.requireNonNull(appHost, "appHost");
        Objects.requireNonNull(loginGroup, "loginGroup");
    }

    /**
     * Checks what an operator typed and says what to fix.
     *
     * @throws IllegalArgumentException with a message naming the flag
     */
    public static BrokerConfig validated(String bind, int port, String username, String password, String pgHost,
                                         int pgPort, String pgDatabase, String pgUser, String pgPassword,
                                         String appHost, Integer appPort, String loginGroup) {
        if (bind == null || !(bind.matches("\\d{1,3}(\\.\\d{1,3}){3}") || bind.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*"))) {
            throw new IllegalArgumentException("--bind must be an IP address such as 127.0.0.1, got \"" + bind + "\"");
        }
        port("--port", port, true);
        if (username == null || !username.matches("[\\x21-\\x39\\x3b-\\x7e]{1,128}")) {
            throw new IllegalArgumentException("--username must be 1 to 128 printable characters without spaces or ':'");
        }
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("the broker's password (PAAS_PG_BROKER_PASSWORD or --password-file) is"
                    + " required, 8 characters at least");
        }
        host("--pg-host", pgHost);
        port("--pg-port", pgPort, false);
        ident("--pg-database", pgDatabase);
        ident("--pg-user", pgUser);
        if (pgPassword == null || pgPassword.isEmpty()) {
            throw new IllegalArgumentException("the admin role's password (PAAS_PG_BROKER_DB_PASSWORD or"
                    + " --pg-password-file) is required");
        }
        host("--app-host", appHost);
        int ap = appPort == null ? pgPort : appPort;
        port("--app-port", ap, false);
        ident("--login-group", loginGroup);
        return new BrokerConfig(bind, port, username, password, pgHost, pgPort, pgDatabase, pgUser, pgPassword,
                appHost, ap, loginGroup);
    }

    private static void host(String flag, String host) {
        if (host == null || !host.matches(HOST)) {
            throw new IllegalArgumentException(flag + " must be a host name or IP address, got \"" + host + "\"");
        }
    }

    private static void ident(String flag, String name) {
        if (name == null || !name.matches(IDENT)) {
            throw new IllegalArgumentException(flag + " must be a lower-case PostgreSQL name (letters, digits, _),"
                    + " got \"" + name + "\"");
        }
    }

    private static void port(String flag, int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new IllegalArgumentException(flag + " must be " + (zeroAllowed ? 0 : 1) + " to 65535, got " + port);
        }
    }

    @Override
    public String toString() {
        return "BrokerConfig[bind=" + bind + ", port=" + port + ", username=" + username + ", pg=" + pgUser + "@"
                + pgHost + ":" + pgPort + "/" + pgDatabase + ", app=" + appHost + ":" + appPort + ", loginGroup="
                + loginGroup + "]";
    }
}
