package dev.paas.pushrules;

import java.util.List;
import java.util.Optional;

/**
 * Cloud Foundry's {@code stack} attribute ({@code -s}): the root file system apps run on. paas has
 * one (its microVM images); the names manifests use for Linux mean it, others are refused.
 */
public final class Stacks {

    /** The stack names accepted, each meaning paas's own. */
    public static final List<String> ACCEPTED = List.of("cflinuxfs4", "cflinuxfs3");

    private Stacks() {
    }

    /** Why {@code stack} is not one paas runs, or empty (null: none given). */
    public static Optional<String> problem(String stack) {
        if (stack == null || ACCEPTED.contains(stack.strip())) {
            return Optional.empty();
        }
        return Optional.of("'" + Names.abbreviate(stack) + "' is not a stack paas has; use cflinuxfs4 or cflinuxfs3 "
                + "(both mean paas's microVM images), or leave it out");
    }
}
