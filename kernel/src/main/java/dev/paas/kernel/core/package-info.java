/**
 * Pure logic of the guest contracts: the launch spec text format and the exit record grammar.
 * No files, no sockets, no processes (an ArchUnit test keeps it so).
 */
package dev.paas.kernel.core;
