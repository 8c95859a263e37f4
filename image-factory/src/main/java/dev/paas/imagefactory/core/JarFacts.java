package dev.paas.imagefactory.core;

import java.util.Optional;

/**
 * What a JAR's manifest and layout say.
 *
 * @param mainClass  {@code Main-Class}
 * @param startClass {@code Start-Class} (Spring Boot: the app's own main class)
 * @param springBoot a Spring Boot fat jar ({@code Spring-Boot-Version} or {@code BOOT-INF/})
 */
public record JarFacts(Optional<String> mainClass, Optional<String> startClass, boolean springBoot) {

    public boolean executable() {
        return mainClass.isPresent();
    }
}
