/**
 * The node agent's I/O: the QEMU driver (processes, QMP, console files, the state directory),
 * the image cache and its downloader, the control-plane client, the agent's HTTP server, the
 * supervisor that applies {@link dev.paas.nodeagent.core} decisions on one Vert.x context, and
 * the command line.
 */
package dev.paas.nodeagent.infra;
