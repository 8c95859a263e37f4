package dev.paas.scheduler.core;

import dev.paas.scheduler.api.Constraints;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.Release;
import dev.paas.scheduler.api.StartReason;
import java.util.Comparator;
import java.util.Optional;

/** An instance the round wants started, before placement picked its node. */
record StartRequest(String appId, int index, Release release, Constraints constraints, Optional<InstanceId> instance,
                    StartReason reason) {

    /**
     * Indexes with nothing serving get memory first, evacuations next, rolling deploys last:
     * when memory is short, an app that is down matters more than one being upgraded. A task
     * comes after evacuations and before rolling deploys: a user waits for it, but a serving
     * index matters more.
     */
    int urgency() {
        return switch (reason) {
            case MISSING, NODE_DOWN, CRASH_RESTART, UNCLAIMED -> 0;
            case EVACUATION -> 1;
            case TASK -> 2;
            case ROLLING_DEPLOY -> 3;
        };
    }

    static final Comparator<StartRequest> PLACEMENT_ORDER = Comparator.comparingInt(StartRequest::urgency)
            .thenComparing(StartRequest::appId)
            .thenComparingInt(StartRequest::index);
}
