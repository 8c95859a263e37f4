/**
 * Pure logic of the control plane: validating what users send into domain values
 * ({@link dev.paas.api.core.AppSpec}, memory sizes (dev.paas.pushrules.ByteSize), names, env, routes),
 * deciding who may see what ({@link dev.paas.api.core.Caller}), and hashing secrets.
 * No I/O and no framework: everything here is testable with plain tables.
 */
package dev.paas.api.core;
