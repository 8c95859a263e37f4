/**
 * Pure logic of staging, with no files, sockets or processes (an ArchUnit test keeps it so):
 * entry-name rules and unpack budgets, buildpack detection, ELF parsing and the dynamic
 * loader's search order, Java heap sizing and launch command assembly, module sets, the classes a
 * class file refers to (the jdeps cache key), sizes, the standard /etc of every image, and whether a
 * start command needs a shell, the source buildpacks' rules (marker files, go.mod, semver ranges),
 * a war's servlet API and the container pinned for it;
 * for Docker images: references, registry auth challenges, layer entry names and whiteouts, and
 * the image config's launch spec.
 * Infra feeds these functions facts it read from disk and acts on their answers.
 */
package dev.paas.imagefactory.core;
