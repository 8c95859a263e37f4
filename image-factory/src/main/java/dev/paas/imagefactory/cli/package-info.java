/**
 * The standalone command {@code image-factory build PATH --out DIR}: one build on this host,
 * staging lines on stderr, digest and sizes on stdout. Picocli parses; everything else is the
 * public API.
 */
package dev.paas.imagefactory.cli;
