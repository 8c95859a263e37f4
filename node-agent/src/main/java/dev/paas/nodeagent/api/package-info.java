/**
 * The node agent's small public surface: the {@link dev.paas.nodeagent.api.VmDriver} through
 * which supervision talks to VMs (the QEMU driver is the real one), the validated
 * {@link dev.paas.nodeagent.api.VmSpec} it starts from, and the
 * {@link dev.paas.nodeagent.api.ImageSource} that turns an image digest into local files.
 */
package dev.paas.nodeagent.api;
