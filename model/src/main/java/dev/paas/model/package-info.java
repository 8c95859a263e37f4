/**
 * Wire types shared by the CLI, the control plane, the scheduler and the node agent:
 * request and response records, lifecycle enums with their transition rules, and the
 * one {@link dev.paas.model.ErrorCode} list. Nothing here depends on a framework, so every
 * module (and a future Go or shell client reading the JSON) sees the same vocabulary.
 */
package dev.paas.model;
