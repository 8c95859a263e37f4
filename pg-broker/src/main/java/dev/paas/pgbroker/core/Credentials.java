package dev.paas.pgbroker.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A binding's credentials, with the keys Cloud Foundry's common PostgreSQL brokers use:
 * {@code uri}, {@code jdbcUrl}, {@code host}, {@code port}, {@code name}, {@code username},
 * {@code password}. Host and port are where apps reach the server (the operator's
 * {@code --app-host}/{@code --app-port}), not where the broker does. User names and passwords
 * are the broker's own ({@link Names}, URL-safe base64), so they need no escaping in the URLs.
 */
public final class Credentials {

    private Credentials() {
    }

    public static Map<String, Object> of(String host, int port, String database, String username, String password) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("uri", "postgres://" + username + ":" + password + "@" + h + ":" + port + "/" + database);
        c.put("jdbcUrl", "jdbc:postgresql://" + h + ":" + port + "/" + database + "?user=" + username + "&password=" + password);
        c.put("host", host);
        c.put("port", port);
        c.put("name", database);
        c.put("username", username);
        c.put("password", password);
        return c;
    }
}
