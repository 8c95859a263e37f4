/**
 * The broker's process: {@link dev.paas.pgbroker.infra.BrokerMain} (flags),
 * {@link dev.paas.pgbroker.infra.BrokerServer} (the Open Service Broker API over the JDK's HTTP
 * server, basic auth, version header, error bodies) and
 * {@link dev.paas.pgbroker.infra.PostgresBroker} (databases, roles and the broker's own state, all
 * in the PostgreSQL server it was given).
 */
package dev.paas.pgbroker.infra;
