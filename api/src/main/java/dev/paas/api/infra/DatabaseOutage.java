package dev.paas.api.infra;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Tells a database outage (PostgreSQL stopped, restarting, unreachable) apart from other
 * failures, by the exception chain: SQLSTATE class 08 (connection exception), 57P01-57P03
 * (shutting down, cannot connect now), and the pool's "could not get a connection".
 */
public final class DatabaseOutage {

    /** Seconds a client is told to wait before retrying: about one restart of the embedded PostgreSQL. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseOutage() {
    }

    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"))) {
                    return true;
                }
                String m = sql.getMessage() == null ? "" : sql.getMessage().toLowerCase(Locale.ROOT);
                // Agroal's words when no connection could be had in time.
                if (m.contains("acquisition timeout") || m.contains("unable to acquire")) {
                    return true;
                }
            }
        }
        return false;
    }
}
