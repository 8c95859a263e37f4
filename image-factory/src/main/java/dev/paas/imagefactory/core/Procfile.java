package dev.paas.imagefactory.core;

import java.util.Optional;

/** Cloud Foundry's (and Heroku's) {@code Procfile}: {@code TYPE: command} lines; the app runs {@code web}. */
public final class Procfile {

    private Procfile() {}

    /** The {@code web:} command, if the file has one (blank lines and {@code #} comments skipped). */
    public static Optional<String> web(String text) {
        for (String line : text.split("\r?\n")) {
            String l = line.strip();
            if (l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).strip().equals("web")) {
                String cmd = l.substring(colon + 1).strip();
                return cmd.isEmpty() ? Optional.empty() : Optional.of(cmd);
            }
        }
        return Optional.empty();
    }
}
