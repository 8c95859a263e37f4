package dev.paas.scheduler.api;

import java.util.Objects;

/** The identity of one instance row (the database id, as text); opaque to the scheduler. */
public record InstanceId(String value) implements Comparable<InstanceId> {

    public InstanceId {
        Objects.requireNonNull(value, "value");
    }

    public static InstanceId of(String value) {
        return new InstanceId(value);
    }

    @Override
    public int compareTo(InstanceId other) {
        // Shorter first, so that numeric ids sort as numbers ("9" before "10").
        int byLength = Integer.compare(value.length(), other.value.length());
        return byLength != 0 ? byLength : value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
