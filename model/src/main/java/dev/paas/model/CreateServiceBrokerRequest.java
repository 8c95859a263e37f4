package dev.paas.model;

/**
 * {@code POST /v1/service-brokers}, as {@code cf create-service-broker NAME USER PASS URL}: the
 * broker's base URL (the platform calls {@code URL/v2/...}) and its basic-auth credentials.
 */
public record CreateServiceBrokerRequest(String name, String url, String username, String password) {
}
