package dev.paas.model;

import java.time.Instant;
import java.util.List;

/** A registered service broker; its password is never shown. {@code offerings}: their names, sorted. */
public record ServiceBrokerView(String name, String url, String username, List<String> offerings, Instant createdAt) {
}
