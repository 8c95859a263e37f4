/**
 * I/O for the guest: running the kernel and init build scripts into the cache, writing cpio
 * archives, starting QEMU and reading its console, and the KVM probe boot.
 */
package dev.paas.kernel.infra;
