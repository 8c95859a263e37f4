package dev.paas.scheduler.api;

import dev.paas.scheduler.core.Convergence;

/**
 * Desired apps + actual instances + nodes + now → a plan. The scheduler leader calls it once
 * per round with one consistent snapshot and writes the plan in one transaction.
 *
 * <p>Implementations are pure: no I/O, no clock, no randomness, no state between calls. The same
 * input gives the same plan whatever the order of its lists (ties are broken by node name and
 * instance index), so a round can be re-run after a failed write. Safe to call from any thread,
 * also concurrently.
 */
public interface Converger {

    ConvergePlan converge(ConvergeInput input);

    /** The standard converger: Nomad-style placement, Cloud Foundry crash back-off, rolling deploys. */
    static Converger standard() {
        return new Convergence();
    }
}
