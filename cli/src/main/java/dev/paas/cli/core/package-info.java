/**
 * Pure logic of the CLI, without I/O: Cloud Foundry manifests (parsing with line and column,
 * {@code ((var))} substitution, unknown attributes as warnings), merging push flags over a
 * manifest into validated {@link dev.paas.cli.core.PushPlan}s, the same field rules the control
 * plane applies (names, memory sizes, routes, env), and text rendering (tables, ages, sizes).
 * Nothing here touches files, sockets or the clock: callers pass texts, a {@link
 * dev.paas.cli.core.FileProbe} and {@code now}. An ArchUnit test keeps it that way.
 */
package dev.paas.cli.core;
