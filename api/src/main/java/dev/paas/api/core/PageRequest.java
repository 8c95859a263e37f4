package dev.paas.api.core;

import dev.paas.pushrules.Names;
/** A validated page request: {@code page} from 1 to {@link #MAX_PAGE}, {@code perPage} 1-200 (default 50). */
public record PageRequest(int page, int perPage) {

    public static final int MAX_PER_PAGE = 200;
    /** The last page whose first row's offset still fits in an int (the database query's first result). */
    public static final int MAX_PAGE = Integer.MAX_VALUE / MAX_PER_PAGE;

    /** Parses the {@code page} and {@code perPage} query parameters (null when absent). */
    public static PageRequest parse(String page, String perPage) {
        return of(number("page", page, 1), number("perPage", perPage, 50));
    }

    public static PageRequest of(int p, int n) {
        if (p < 1) {
            throw ApiException.invalid("page", p + " is not a page number; pages count from 1");
        }
        if (p > MAX_PAGE) {
            throw ApiException.invalid("page", p + " is out of range; choose 1 to " + MAX_PAGE);
        }
        if (n < 1 || n > MAX_PER_PAGE) {
            throw ApiException.invalid("perPage", n + " is out of range; choose 1 to 200");
        }
        return new PageRequest(p, n);
    }

    private static int number(String field, String text, int dflt) {
        if (text == null || text.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(field, "'" + Names.abbreviate(text) + "' is not a whole number");
        }
    }

    public int offset() {
        return (page - 1) * perPage;
    }
}
