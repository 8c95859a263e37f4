package dev.paas.model;

/**
 * Cloud Foundry's health check types: {@code port} (a TCP connect to the app's port),
 * {@code http} (a GET on the endpoint answers 2xx) and {@code process} (the process is alive).
 */
public enum HealthCheckType {
    PORT, HTTP, PROCESS
}
