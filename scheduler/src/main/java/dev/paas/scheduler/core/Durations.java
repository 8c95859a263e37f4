package dev.paas.scheduler.core;

import java.time.Duration;

/** Durations as people write them in messages: "90s", "10m", "1h30m". */
final class Durations {

    private Durations() {
    }

    static String human(Duration duration) {
        long seconds = duration.getSeconds();
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (rest > 0 || out.length() == 0) {
            out.append(rest).append('s');
        }
        return out.toString();
    }
}
