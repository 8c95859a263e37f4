package dev.paas.api.rest;

import dev.paas.api.core.ApiException;

/** Query parameters that are numbers, parsed with a message naming the parameter. */
final class Params {

    private Params() {
    }

    /** A numeric id from a path; anything else names nothing, so it is 404 like an unknown id. */
    static long id(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.notFound(what);
        }
    }

    static long number(String field, String text, long min, long max, long dflt) {
        if (text == null || text.isEmpty()) {
            return dflt;
        }
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(field, "'" + text + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw ApiException.invalid(field, v + " is out of range; choose " + min + " to " + max);
        }
        return v;
    }
}
