/**
 * Staging: turning a package into an image. Builds are queued in PostgreSQL and taken by any
 * control plane with {@code FOR UPDATE SKIP LOCKED}; a {@link dev.paas.api.staging.Stager} (the
 * image factory) does the work while its output is appended to the build's log as {@code STG}
 * lines; a finished build becomes a new revision that the scheduler rolls out.
 */
package dev.paas.api.staging;
