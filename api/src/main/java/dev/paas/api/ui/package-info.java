/**
 * The web dashboard's server side: pages and htmx fragments rendered with Qute from the
 * templates in the {@code ui/} module, the session filter (cookie + CSRF) and small view
 * models. Pages call the same services as {@code rest}, with the same {@code Caller}, so a
 * developer sees in the browser exactly what the API would show them; the browser's own
 * scripts call {@code /v1} (log stream, package upload, builds) with the session cookie.
 */
package dev.paas.api.ui;
