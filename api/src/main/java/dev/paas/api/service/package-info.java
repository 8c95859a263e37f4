/**
 * Application services: one transaction per use case. Each service checks access with
 * {@link dev.paas.api.core.Caller}, validates through {@code core}, changes entities, records
 * the audit event in the same transaction, and returns wire records from {@code model} —
 * never entities.
 */
package dev.paas.api.service;
