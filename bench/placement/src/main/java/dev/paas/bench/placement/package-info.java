/**
 * The JMH placement benchmark: 10,000 instances onto 1,000 nodes through the scheduler's pure
 * converger, and a steady-state round with nothing to do. Run with {@code bench/placement/run}.
 */
package dev.paas.bench.placement;
