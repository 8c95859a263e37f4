/**
 * The scheduler's one door: the snapshot it reads ({@link dev.paas.scheduler.api.ConvergeInput}:
 * desired apps, actual instances, nodes, now), the plan it answers
 * ({@link dev.paas.scheduler.api.ConvergePlan}), the {@link dev.paas.scheduler.api.Converger}
 * that turns one into the other, the {@link dev.paas.scheduler.api.RouteTable} of a plan's routes,
 * and the {@link dev.paas.scheduler.api.RouteIndex} the router (module {@code router/}) matches
 * requests with, by the same rules.
 * Everything here is an immutable record or a pure interface; callers in the control plane do
 * the reading and the writing.
 */
package dev.paas.scheduler.api;
