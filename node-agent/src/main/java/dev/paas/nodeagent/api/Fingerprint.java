package dev.paas.nodeagent.api;

import dev.paas.model.Accelerator;

/**
 * What a host offers guests, reported when the node joins and with every heartbeat.
 *
 * @param memoryMb          memory the agent may give to instances
 * @param vcpus             vCPUs available to instances
 * @param accelerator       KVM only when a real probe boot worked, else TCG
 * @param acceleratorReason why, for logs ("a KVM guest did not finish booting within 5000 ms")
 */
public record Fingerprint(int memoryMb, int vcpus, Accelerator accelerator, String acceleratorReason) {}
