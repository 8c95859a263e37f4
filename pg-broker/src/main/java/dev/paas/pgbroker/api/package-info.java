/**
 * The broker's door: {@link dev.paas.pgbroker.api.BrokerConfig}, everything it is started with,
 * validated once. The broker has no Java callers beyond its own process; platforms reach it
 * over HTTP (the Open Service Broker API, pg-broker/README.md).
 */
package dev.paas.pgbroker.api;
