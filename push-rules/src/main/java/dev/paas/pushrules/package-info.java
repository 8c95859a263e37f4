/**
 * Every rule a push is checked by, in one place for the CLI ({@code paas push}), the API (its
 * request validation and the dashboard's push page) and the image factory: Cloud Foundry
 * manifests ({@link dev.paas.pushrules.ManifestReader}), names ({@link dev.paas.pushrules.Names}),
 * memory and disk sizes ({@link dev.paas.pushrules.ByteSize}), buildpack names
 * ({@link dev.paas.pushrules.Buildpacks}), stacks ({@link dev.paas.pushrules.Stacks}), route
 * addresses ({@link dev.paas.pushrules.RouteAddress}) and the app's other settings
 * ({@link dev.paas.pushrules.AppRules}: instances, command, health check). Pure: no I/O, no framework. Rules answer
 * with a message that says what to fix, without the field name (callers add it their way).
 */
package dev.paas.pushrules;
