package dev.paas.api.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A broker's catalog ({@code GET /v2/catalog}) as paas keeps it: the offerings ("services") and
 * their plans, each with the broker's id. {@link #parse} checks what paas relies on and refuses the
 * rest with a message naming the place ({@code services[1].plans[0].id: is missing}).
 */
public record OsbCatalog(List<Offering> offerings) {

    private static final int MAX_TEXT = 255;

    public record Offering(String id, String name, String description, List<String> tags, boolean bindable, List<Plan> plans) {
    }

    /**
     * @param bindable               null: the offering's
     * @param maximumPollingDuration seconds, null: none given
     */
    public record Plan(String id, String name, String description, boolean free, Boolean bindable, Integer maximumPollingDuration) {
    }

    /** Why a catalog cannot be used; the message names the place. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The catalog of a 200 answer's body. */
    public static OsbCatalog parse(String body) {
        Map<String, Object> root = Osb.object(body).orElseThrow(() -> new Invalid("the catalog is not a JSON object"));
        if (!(root.get("services") instanceof List<?> services)) {
            throw new Invalid("services: is missing or not a list");
        }
        List<Offering> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            String at = "services[" + i + "]";
            Map<?, ?> s = object(at, services.get(i));
            String id = text(at + ".id", s.get("id"));
            String name = text(at + ".name", s.get("name"));
            if (!ids.add(id)) {
                throw new Invalid(at + ".id: '" + id + "' is used twice");
            }
            if (!names.add(name)) {
                throw new Invalid(at + ".name: '" + name + "' is used twice");
            }
            out.add(new Offering(id, name, optionalText(at + ".description", s.get("description")), tags(at + ".tags", s.get("tags")),
                    bool(at + ".bindable", s.get("bindable")).orElseThrow(() -> new Invalid(at + ".bindable: is missing")),
                    plans(at, s.get("plans"))));
        }
        return new OsbCatalog(List.copyOf(out));
    }

    private static List<Plan> plans(String at, Object value) {
        if (!(value instanceof List<?> plans) || plans.isEmpty()) {
            throw new Invalid(at + ".plans: is missing or empty (an offering has at least one plan)");
        }
        List<Plan> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int j = 0; j < plans.size(); j++) {
            String pat = at + ".plans[" + j + "]";
            Map<?, ?> p = object(pat, plans.get(j));
            String id = text(pat + ".id", p.get("id"));
            String name = text(pat + ".name", p.get("name"));
            if (!ids.add(id) || !names.add(name)) {
                throw new Invalid(pat + ": plan '" + name + "' (id '" + id + "') is listed twice");
            }
            Integer maxPoll = null;
            Object mpd = p.get("maximum_polling_duration");
            if (mpd != null) {
                if (!(mpd instanceof Integer n) || n <= 0) {
                    throw new Invalid(pat + ".maximum_polling_duration: must be a positive whole number of seconds");
                }
                maxPoll = n;
            }
            out.add(new Plan(id, name, optionalText(pat + ".description", p.get("description")),
                    bool(pat + ".free", p.get("free")).orElse(true), bool(pat + ".bindable", p.get("bindable")).orElse(null), maxPoll));
        }
        return List.copyOf(out);
    }

    private static Map<?, ?> object(String at, Object v) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new Invalid(at + ": is not a JSON object");
    }

    private static String text(String at, Object v) {
        if (!(v instanceof String s) || s.isBlank()) {
            throw new Invalid(at + ": is missing or empty");
        }
        if (s.length() > MAX_TEXT || !s.equals(s.strip()) || s.chars().anyMatch(Character::isISOControl)) {
            throw new Invalid(at + ": '" + s.substring(0, Math.min(s.length(), 40)) + "' must be 1-" + MAX_TEXT
                    + " characters without control characters or surrounding blanks");
        }
        return s;
    }

    private static String optionalText(String at, Object v) {
        if (v == null) {
            return "";
        }
        if (!(v instanceof String s)) {
            throw new Invalid(at + ": is not a string");
        }
        return s.length() > 4096 ? s.substring(0, 4093) + "..." : s;
    }

    private static Optional<Boolean> bool(String at, Object v) {
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Boolean b)) {
            throw new Invalid(at + ": is not true or false");
        }
        return Optional.of(b);
    }

    private static List<String> tags(String at, Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new Invalid(at + ": is not a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < l.size(); k++) {
            out.add(text(at + "[" + k + "]", l.get(k)));
        }
        return List.copyOf(out);
    }
}
