/**
 * The router's public surface: {@link dev.paas.router.api.RouterConfig}, everything a router is
 * started with, validated once (by {@code RouterMain} from flags and variables, by tests
 * directly). The process itself is {@code dev.paas.router.infra}.
 */
package dev.paas.router.api;
