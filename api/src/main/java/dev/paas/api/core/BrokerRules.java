package dev.paas.api.core;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks of service broker registrations and managed-service input, each refusing with
 * {@link ApiException#invalid} on the field it names; and the polling back-off of asynchronous
 * operations.
 */
public final class BrokerRules {

    private static final int MAX = 255;
    /** http(s), a host, an optional port and path; no user:password@ (those are separate fields), query or fragment. */
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?");
    /** The longest wait between two polls of one operation. */
    public static final Duration MAX_POLL_DELAY = Duration.ofMinutes(5);

    private BrokerRules() {
    }

    public static String name(String name) {
        return text("name", name, "the broker's name, e.g. 'postgresql'");
    }

    public static String url(String url) {
        if (url == null || url.isBlank()) {
            throw ApiException.invalid("url", "is required: the broker's base URL, e.g. http://127.0.0.1:8901");
        }
        if (url.length() > 2048 || !URL.matcher(url).matches()) {
            throw ApiException.invalid("url", "'" + (url.length() > 60 ? url.substring(0, 57) + "..." : url)
                    + "' is not a broker URL: write http(s)://HOST[:PORT][/PATH] (the user name and password are fields of their own)");
        }
        return url;
    }

    public static String username(String username) {
        return text("username", username, "the user name the broker's basic auth expects");
    }

    public static String password(String password) {
        if (password == null || password.isEmpty()) {
            throw ApiException.invalid("password", "is required: the password the broker's basic auth expects");
        }
        if (password.length() > 1024) {
            throw ApiException.invalid("password", "is " + password.length() + " characters long; at most 1024");
        }
        return password;
    }

    /** Parameters sent to a broker: any JSON object, at most {@link ServiceRules#MAX_CREDENTIALS_CHARS} as JSON. */
    public static Map<String, Object> parameters(Map<String, Object> parameters, int jsonLength) {
        if (parameters != null && jsonLength > ServiceRules.MAX_CREDENTIALS_CHARS) {
            throw ApiException.invalid("parameters", "is " + jsonLength + " characters of JSON; at most " + ServiceRules.MAX_CREDENTIALS_CHARS);
        }
        return parameters;
    }

    /**
     * How long to wait before the next poll of an operation polled {@code polls} times already:
     * {@code interval}, doubled each time, at most {@link #MAX_POLL_DELAY}; never less than the
     * broker's {@code Retry-After} (null: none).
     */
    public static Duration pollDelay(int polls, Duration interval, Duration retryAfter) {
        Duration d = interval;
        for (int i = 0; i < polls && d.compareTo(MAX_POLL_DELAY) < 0; i++) {
            d = d.multipliedBy(2);
        }
        if (d.compareTo(MAX_POLL_DELAY) > 0) {
            d = MAX_POLL_DELAY;
        }
        return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
    }

    private static String text(String field, String s, String what) {
        if (s == null || s.isBlank()) {
            throw ApiException.invalid(field, "is required: " + what);
        }
        if (s.length() > MAX) {
            throw ApiException.invalid(field, "is " + s.length() + " characters long; at most " + MAX);
        }
        if (!s.equals(s.strip()) || s.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid(field, "must not start or end with blanks nor hold control characters");
        }
        return s;
    }
}
