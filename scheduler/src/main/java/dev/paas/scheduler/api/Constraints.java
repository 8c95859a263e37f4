package dev.paas.scheduler.api;

import dev.paas.model.Accelerator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an app may run: a node pool, labels every node must carry with equal values, and an
 * accelerator requirement (KVM for apps that cannot live with TCG's speed). Empty means "anywhere".
 */
public record Constraints(Optional<String> pool, Map<String, String> labels, Optional<Accelerator> accelerator) {

    private static final Constraints NONE = new Constraints(Optional.empty(), Map.of(), Optional.empty());

    public Constraints {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(accelerator, "accelerator");
        labels = Map.copyOf(labels);
    }

    public static Constraints none() {
        return NONE;
    }

    public Constraints inPool(String poolName) {
        return new Constraints(Optional.of(poolName), labels, accelerator);
    }

    public Constraints withLabel(String key, String value) {
        var copy = new java.util.HashMap<>(labels);
        copy.put(key, value);
        return new Constraints(pool, copy, accelerator);
    }

    public Constraints requiring(Accelerator required) {
        return new Constraints(pool, labels, Optional.of(required));
    }
}
