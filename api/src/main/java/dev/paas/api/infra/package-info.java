/**
 * The control plane's I/O: Hibernate ORM entities (which stay here and are never serialised
 * as API bodies), the embedded PostgreSQL used when no database URL is configured, and the
 * first-start bootstrap of the admin user.
 */
package dev.paas.api.infra;
