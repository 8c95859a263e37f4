package dev.paas.model;

/** How a node runs guests: {@code kvm} when a real probe boot works there, else {@code tcg} (software). */
public enum Accelerator {
    KVM, TCG
}
