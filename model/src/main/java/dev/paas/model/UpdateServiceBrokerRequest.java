package dev.paas.model;

/**
 * {@code PUT /v1/service-brokers/{name}}, as {@code cf update-service-broker}: each field given
 * replaces the old value, a null one is kept; the catalog is fetched again either way.
 */
public record UpdateServiceBrokerRequest(String url, String username, String password) {
}
