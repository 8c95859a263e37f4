/**
 * The broker's pure rules: the catalog ({@link dev.paas.pgbroker.core.Catalog}), what an Open
 * Service Broker request must hold ({@link dev.paas.pgbroker.core.OsbRequests}, refusing with an
 * {@link dev.paas.pgbroker.core.OsbError}), the names of the databases and roles it makes
 * ({@link dev.paas.pgbroker.core.Names}) and the credentials a binding returns
 * ({@link dev.paas.pgbroker.core.Credentials}). No I/O: no sockets, files or JDBC.
 */
package dev.paas.pgbroker.core;
