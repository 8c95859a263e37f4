package dev.paas.model;

/**
 * {@code POST /v1/agent/join}, authenticated by a pool's join token ({@code Authorization: Bearer
 * paas_jt_...}). A node that joins again under the same name (e.g. after losing its state
 * directory) keeps its id and gets a new credential; the old one stops working.
 *
 * @param name        the node's name, a DNS label unique across pools (usually the host name)
 * @param address     host name or IP where the control plane, routers and users reach its instances
 * @param agentPort   port of the agent's own HTTP endpoint (logs), on {@code address}
 * @param memoryMb    memory the agent may give to instances
 * @param vcpus       vCPUs available to instances
 * @param accelerator KVM only when a real probe boot worked, else TCG
 */
public record NodeJoinRequest(String name, String address, Integer agentPort, Integer memoryMb, Integer vcpus,
                              Accelerator accelerator, String agentVersion) {
}
