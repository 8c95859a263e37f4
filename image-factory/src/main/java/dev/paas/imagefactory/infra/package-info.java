/**
 * The image factory's I/O: safe unpacking (commons-compress), app scanning, ELF files and the
 * shared-library closure, jdeps and jlink through {@link java.util.spi.ToolProvider}, the
 * static file server build (musl-gcc), the initramfs writer (cpio newc, gzip), the filesystem
 * image store, the staging pipeline that runs the phases, and Docker images: the registry
 * client (OCI distribution API, java.net.http), the OCI blob cache, {@code docker save} and
 * OCI-layout tarballs, and layer flattening. Caches live under
 * {@code ~/.cache/paas} ({@code $PAAS_CACHE_DIR}), each filled atomically under a lock.
 */
package dev.paas.imagefactory.infra;
