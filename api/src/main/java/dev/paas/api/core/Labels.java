package dev.paas.api.core;

import dev.paas.pushrules.Names;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Node pool labels: at most 32 pairs, keys like {@code zone} or {@code disk.ssd}, short values. */
public final class Labels {

    private static final Pattern KEY = Pattern.compile("[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._-]{0,63}");

    private Labels() {
    }

    public static Map<String, String> validate(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        if (labels == null) {
            return out;
        }
        if (labels.size() > 32) {
            throw ApiException.invalid("labels", "has " + labels.size() + " entries; use at most 32");
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!KEY.matcher(e.getKey()).matches()) {
                throw ApiException.invalid("labels." + Names.abbreviate(e.getKey()), "is not a valid label key; use lowercase letters, "
                        + "digits, '.', '_', '-', '/' (at most 63)");
            }
            if (e.getValue() == null || !VALUE.matcher(e.getValue()).matches()) {
                throw ApiException.invalid("labels." + e.getKey(), "must be at most 63 of letters, digits, '.', '_', '-'");
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }
}
