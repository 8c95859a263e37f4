package dev.paas.model;

import java.time.Instant;
import java.util.List;

/**
 * A registered service broker (Cloud Foundry's {@code service-brokers}): never its password.
 *
 * @param offerings the names of the offerings its catalog had when last fetched
 */
public record ServiceBrokerView(String name, String url, String username, List<String> offerings, Instant createdAt) {
}
