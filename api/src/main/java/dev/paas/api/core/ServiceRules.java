package dev.paas.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks of user-provided service input, each refusing with {@link ApiException#invalid} on
 * the field it names. Cloud Foundry allows names up to 255 characters; paas also refuses control
 * characters and leading or trailing blanks, which no terminal shows.
 */
public final class ServiceRules {

    /** Largest credentials object, as JSON (Cloud Foundry caps a request body at about this). */
    public static final int MAX_CREDENTIALS_CHARS = 64 * 1024;
    private static final int MAX_NAME = 255;
    private static final int MAX_TAGS = 64;
    /** The drain schemes Cloud Foundry's syslog drains accept. */
    private static final Pattern DRAIN = Pattern.compile("(syslog|syslog-tls|https)://[^\\s/?#@]+(:[0-9]{1,5})?(/\\S*)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceRules() {
    }

    public static String name(String field, String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalid(field, "is required: the service instance's name");
        }
        text(field, name);
        return name;
    }

    public static String bindingName(String name) {
        if (name == null) {
            return null;
        }
        if (name.isBlank()) {
            throw ApiException.invalid("bindingName", "is blank: leave it out to use the service instance's name");
        }
        text("bindingName", name);
        return name;
    }

    private static void text(String field, String s) {
        if (s.length() > MAX_NAME) {
            throw ApiException.invalid(field, "is " + s.length() + " characters long; at most " + MAX_NAME);
        }
        if (!s.equals(s.strip()) || s.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid(field, "must not start or end with blanks nor hold control characters");
        }
    }

    /** The credentials as JSON text; an object is required. */
    public static String credentials(Map<String, Object> credentials) {
        if (credentials == null) {
            throw ApiException.invalid("credentials", "is required: a JSON object, e.g. {\"uri\": \"...\"} ({} for none)");
        }
        String text;
        try {
            text = JSON.writeValueAsString(credentials);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("credentials", "cannot be written as JSON: " + e.getOriginalMessage());
        }
        if (text.length() > MAX_CREDENTIALS_CHARS) {
            throw ApiException.invalid("credentials", "is " + text.length() + " characters of JSON; at most " + MAX_CREDENTIALS_CHARS);
        }
        return text;
    }

    /** The drain URL, null for none (an empty text is none too). */
    public static String syslogDrainUrl(String url) {
        if (url == null || url.isEmpty()) {
            return null;
        }
        if (url.length() > 2048 || !DRAIN.matcher(url).matches()) {
            throw ApiException.invalid("syslogDrainUrl", "'" + abbreviate(url) + "' is not a syslog drain URL: write "
                    + "syslog://HOST:PORT, syslog-tls://HOST:PORT or https://HOST/PATH (no user:password@ part)");
        }
        return url;
    }

    public static void routeServiceUrl(String url) {
        if (url != null && !url.isEmpty()) {
            throw ApiException.invalid("routeServiceUrl", "route services are not supported by paas: leave -r out "
                    + "(put a proxy app in front of the app instead)");
        }
    }

    public static List<String> tags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw ApiException.invalid("tags", tags.size() + " tags; at most " + MAX_TAGS);
        }
        for (int i = 0; i < tags.size(); i++) {
            String t = tags.get(i);
            if (t == null || t.isBlank()) {
                throw ApiException.invalid("tags[" + i + "]", "is empty; write a word such as 'mysql'");
            }
            text("tags[" + i + "]", t);
        }
        return List.copyOf(tags);
    }

    public static void parameters(Map<String, Object> parameters) {
        if (parameters != null && !parameters.isEmpty()) {
            throw ApiException.invalid("parameters", "binding parameters are not supported for user-provided service "
                    + "instances (as in Cloud Foundry): leave -c out");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
