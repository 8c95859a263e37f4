package dev.paas.model;

/** {@code POST /v1/spaces/{space}/routes}: claim {@code host}{@code path}, optionally mapped to {@code app}. */
public record CreateRouteRequest(String host, String path, String app) {
}
