package dev.paas.model;

import java.util.List;

/** One page of a list endpoint. {@code page} counts from 1; {@code total} counts all matches. */
public record Page<T>(List<T> items, int page, int perPage, long total) {
}
