/**
 * The scheduler's one door: the snapshot it reads ({@link dev.paas.scheduler.api.ConvergeInput}:
 * desired apps, actual instances, nodes, now), the plan it answers
 * ({@link dev.paas.scheduler.api.ConvergePlan}), the {@link dev.paas.scheduler.api.Converger}
 * that turns one into the other, and the {@link dev.paas.scheduler.api.RouteTable} routers use.
 * Everything here is an immutable record or a pure interface; callers in the control plane do
 * the reading and the writing.
 */
package dev.paas.scheduler.api;
