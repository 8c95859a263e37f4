package dev.paas.api.core;

import dev.paas.pushrules.RouteAddress;

/**
 * A validated route address: a lowercase host name and a path prefix ("" for the whole host),
 * checked with the shared push rules ({@link RouteAddress}), refused on {@code host} or {@code path}.
 */
public record RouteSpec(String host, String path) {

    public static RouteSpec of(String host, String path) {
        try {
            RouteAddress a = RouteAddress.of(host, path);
            return new RouteSpec(a.host(), a.path());
        } catch (RouteAddress.Invalid e) {
            throw ApiException.invalid(e.part(), e.getMessage());
        }
    }
}
