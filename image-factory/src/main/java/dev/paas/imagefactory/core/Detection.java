package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.AppRuntime;

/**
 * The buildpack that applies and what it found.
 *
 * @param runtime     the buildpack
 * @param target      the file it builds from, relative to the app dir ({@code ""} for the dir itself)
 * @param description for the staging log, e.g. {@code app.jar (Main-Class: Hello)}
 */
public record Detection(AppRuntime runtime, String target, String description) {}
