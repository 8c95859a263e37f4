package dev.paas.model;

import java.util.List;

/** {@code GET /v1/me}: the caller and the spaces it may work in. */
public record MeView(String username, Role role, List<String> spaces) {
}
