/**
 * Runs the scheduler's pure core ({@code dev.paas.scheduler}) inside the control plane: one
 * leader among replicas (a PostgreSQL advisory lock), woken by LISTEN/NOTIFY and a timer; each
 * round reads one REPEATABLE READ snapshot, calls {@code Converger.converge}, and writes the plan
 * in one transaction.
 */
package dev.paas.api.scheduling;
