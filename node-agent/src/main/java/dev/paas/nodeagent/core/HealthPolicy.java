package dev.paas.nodeagent.core;

import java.time.Duration;

/**
 * Timing of health checks.
 *
 * @param startupTimeout     how long an instance may take to pass its first check (CF's
 *                           {@code timeout}); an app's own value replaces it
 * @param startupInterval    pause between checks while starting
 * @param livenessInterval   pause between checks once RUNNING
 * @param probeTimeout       one try's limit (CF: 1 s for http)
 * @param livenessFailures   consecutive failed liveness checks that crash the instance
 */
public record HealthPolicy(Duration startupTimeout, Duration startupInterval, Duration livenessInterval,
                           Duration probeTimeout, int livenessFailures) {

    /**
     * CF's start-up timeout of 60 s and 1 s per try; liveness every 3 s (CF uses 30 s, a node
     * agent on small hosts can afford a tighter loop); two failures in a row, because one lost
     * SYN on a busy TCG host should not kill an instance.
     */
    public static HealthPolicy defaults() {
        return new HealthPolicy(Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(3),
                Duration.ofSeconds(1), 2);
    }

    public HealthPolicy {
        if (livenessFailures < 1) {
            throw new IllegalArgumentException("livenessFailures must be at least 1");
        }
    }

    public HealthPolicy withStartupTimeout(Duration timeout) {
        return new HealthPolicy(timeout, startupInterval, livenessInterval, probeTimeout, livenessFailures);
    }
}
