package dev.paas.imagefactory.api;

import java.time.Duration;
import java.util.Map;

/**
 * A finished build.
 *
 * @param image          the stored image
 * @param alreadyStored  true when the same image was in the store before (same input, same digest)
 * @param phases         how long each phase took, for every {@link Phase}
 */
public record BuildResult(StoredImage image, boolean alreadyStored, Map<Phase, Duration> phases) {

    public String digest() {
        return image.digest();
    }

    public Duration total() {
        return phases.values().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
