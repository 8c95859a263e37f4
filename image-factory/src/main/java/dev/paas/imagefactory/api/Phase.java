package dev.paas.imagefactory.api;

/** The phases of a build, in order; each build records how long each took. */
public enum Phase {
    /** Package to app directory: safe unpack with every limit checked. */
    UNPACK,
    /** Which buildpack applies (or the explicit one checks that it can). */
    DETECT,
    /** The buildpack's work: JRE, shared libraries, static server, launch spec. */
    BUILD,
    /** Initramfs (cpio newc, gzip), digest, and the store. */
    PACK
}
