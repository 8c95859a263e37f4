/**
 * Runs the scheduler's pure core ({@code dev.paas.scheduler}) inside the control plane: one
 * leader among replicas (a PostgreSQL advisory lock), woken by LISTEN/NOTIFY and a timer; each
 * round ({@code SchedulerRound}) reads one REPEATABLE READ snapshot, calls
 * {@code Converger.converge}, writes the plan in one transaction ({@code PlanWriter}), and moves
 * the drain handshake with the routers on ({@code Drains}). Instance and node states change only
 * through their transition tables ({@code InstanceEntity.moveTo}, {@code NodeEntity.moveTo}).
 */
package dev.paas.api.scheduling;
