/**
 * The guest's public surface, used by the image factory and the node agent: the
 * {@link dev.paas.kernel.api.LaunchSpec} the init reads, the {@link dev.paas.kernel.api.ExitRecord}
 * it writes, {@link dev.paas.kernel.api.Guests} to obtain the built kernel and init,
 * {@link dev.paas.kernel.api.Accelerators} to pick KVM or TCG, and {@link dev.paas.kernel.api.VmConfig}
 * with {@link dev.paas.kernel.api.QemuCommand} for the QEMU recipe. Values are validated when they
 * are constructed; nothing downstream re-checks them.
 */
package dev.paas.kernel.api;
