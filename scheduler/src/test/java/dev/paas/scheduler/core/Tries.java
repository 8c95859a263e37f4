package dev.paas.scheduler.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Property tests in plain JUnit: a property runs a number of tries, each on a sample drawn from
 * its own {@link Random}. The seeds derive from one base seed, fixed so that every run checks
 * the same samples; {@code -Dscheduler.seed=<long>} picks another base seed. A failing try
 * reports the property, the try, its seed, the base seed and the sample:
 * <ul>
 *   <li>{@code ./mvnw -o -pl scheduler test -Dtest=PlanPropertiesTest -Dscheduler.seed=<base>} fails
 *       again at the same try;</li>
 *   <li>{@code Worlds.input(new Random(<seed>))} rebuilds the failing snapshot for a table test.</li>
 * </ul>
 */
final class Tries {

    static final String SEED_PROPERTY = "scheduler.seed";
    static final long DEFAULT_SEED = 20260101L;

    private Tries() {
    }

    /** The base seed: {@value #DEFAULT_SEED}, or the system property {@value #SEED_PROPERTY} (decimal or 0x hex). */
    static long baseSeed() {
        String value = System.getProperty(SEED_PROPERTY, "").trim();
        if (value.isEmpty()) {
            return DEFAULT_SEED;
        }
        try {
            return Long.decode(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be a long, not \"" + value + "\"", e);
        }
    }

    /**
     * The seed of one try: the base seed, the property and the try number mixed (SplitMix64), so
     * that neighbouring tries and properties do not draw correlated samples.
     */
    static long seedOf(long baseSeed, String property, int tryNumber) {
        long z = baseSeed + property.hashCode() * 0x9E3779B97F4A7C15L + (tryNumber + 1L) * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Checks {@code property} on {@code tries} samples; the first failing try fails the test with
     * its seed and sample. The generator must draw the whole sample from the {@link Random} it gets.
     */
    static <T> void forAll(String property, int tries, Function<Random, T> generator, Consumer<T> check) {
        long baseSeed = baseSeed();
        for (int tryNumber = 0; tryNumber < tries; tryNumber++) {
            long seed = seedOf(baseSeed, property, tryNumber);
            T sample = generator.apply(new Random(seed));
            try {
                check.accept(sample);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(String.format(
                        "%s failed at try %d of %d (seed %d, base seed %d; rerun with -D%s=%d)%n  sample: %s%n  %s",
                        property, tryNumber, tries, seed, baseSeed, SEED_PROPERTY, baseSeed, sample, e), e);
            }
        }
    }

    /** Runs one example of a deterministic property; a failure names the example. */
    static void example(String property, String example, Runnable check) {
        try {
            check.run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(String.format("%s failed for %s%n  %s", property, example, e), e);
        }
    }

    /**
     * How often a condition held over the tries of a property, checked after the loop: a property
     * that holds only because the samples never reach the interesting case proves nothing.
     */
    static final class Coverage {

        private final String property;
        private final Map<String, int[]> counts = new LinkedHashMap<>();

        Coverage(String property) {
            this.property = property;
        }

        void count(String label, boolean held) {
            int[] count = counts.computeIfAbsent(label, l -> new int[2]);
            count[0]++;
            if (held) {
                count[1]++;
            }
        }

        void atLeastPercent(String label, double percent) {
            int[] count = counts.getOrDefault(label, new int[2]);
            double actual = count[0] == 0 ? 0 : 100.0 * count[1] / count[0];
            if (actual < percent) {
                throw new AssertionError(String.format(
                        "%s: \"%s\" held in %.1f %% of %d tries, expected at least %.1f %% (base seed %d)",
                        property, label, actual, count[0], percent, baseSeed()));
            }
        }
    }
}
