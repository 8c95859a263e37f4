/**
 * Staging: turning a package into an image. Builds are queued in PostgreSQL and taken by any
 * control plane with {@code FOR UPDATE SKIP LOCKED}; a {@link dev.paas.api.staging.Stager} (the
 * image factory) does the work while its output is appended to the build's log as {@code STG}
 * lines; a finished build becomes a new revision that the scheduler rolls out. A taken build is
 * leased and renewed while it runs, so a build whose control plane died is taken again by any
 * other; it becomes current only if no newer push of its app exists (the push generation).
 */
package dev.paas.api.staging;
