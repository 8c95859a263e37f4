package dev.paas.scheduler.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of a convergence round.
 *
 * @param heartbeatTimeout a node silent for longer is DOWN and its instances are replaced
 * @param deployTimeout    a rolling deploy's new instance must be RUNNING within this time of its creation
 * @param crashResetAfter  a RUNNING instance healthy this long has its crash count reset
 * @param scoring          how placement ranks feasible nodes
 */
public record ConvergeSettings(Duration heartbeatTimeout, Duration deployTimeout, Duration crashResetAfter,
                               Scoring scoring) {

    /** Three missed 5 s heartbeats. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);
    /** As Nomad's progress deadline: ample for a JVM to boot in a TCG guest and pass its health check. */
    public static final Duration DEFAULT_DEPLOY_TIMEOUT = Duration.ofMinutes(10);
    /** Cloud Foundry's: five healthy minutes forgive earlier crashes. */
    public static final Duration DEFAULT_CRASH_RESET_AFTER = Duration.ofMinutes(5);

    public ConvergeSettings {
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        Objects.requireNonNull(deployTimeout, "deployTimeout");
        Objects.requireNonNull(crashResetAfter, "crashResetAfter");
        Objects.requireNonNull(scoring, "scoring");
    }

    public static ConvergeSettings defaults() {
        return new ConvergeSettings(DEFAULT_HEARTBEAT_TIMEOUT, DEFAULT_DEPLOY_TIMEOUT, DEFAULT_CRASH_RESET_AFTER,
                Scoring.SPREAD);
    }

    public ConvergeSettings withScoring(Scoring newScoring) {
        return new ConvergeSettings(heartbeatTimeout, deployTimeout, crashResetAfter, newScoring);
    }

    public ConvergeSettings withHeartbeatTimeout(Duration timeout) {
        return new ConvergeSettings(timeout, deployTimeout, crashResetAfter, scoring);
    }

    public ConvergeSettings withDeployTimeout(Duration timeout) {
        return new ConvergeSettings(heartbeatTimeout, timeout, crashResetAfter, scoring);
    }
}
