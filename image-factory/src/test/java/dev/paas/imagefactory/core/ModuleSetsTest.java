package dev.paas.imagefactory.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModuleSetsTest {

    @Test
    void parsesJdepsOutputAndAddsJavaBase() {
        assertThat(ModuleSets.parseJdeps("jdk.httpserver,java.logging\n")).containsExactly("java.base", "java.logging", "jdk.httpserver");
        assertThat(ModuleSets.parseJdeps("Warning: split package\njava.sql\n")).containsExactly("java.base", "java.sql");
    }

    @Test
    void extraModulesFromEnv() {
        assertThat(ModuleSets.withExtra(Set.of("java.base"), "jdk.crypto.ec, java.sql")).containsExactly("java.base", "java.sql", "jdk.crypto.ec");
        assertThatThrownBy(() -> ModuleSets.withExtra(Set.of(), "java.base;rm")).hasMessageContaining("not a module name");
    }

    @Test
    void cacheKeyIgnoresOrderButNotJdkOrOptions() {
        String a = ModuleSets.cacheKey(Set.of("java.base", "jdk.httpserver"), "17.0.15", List.of("--compress=1"));
        assertThat(ModuleSets.cacheKey(new java.util.TreeSet<>(List.of("jdk.httpserver", "java.base")), "17.0.15",
                List.of("--compress=1"))).isEqualTo(a);
        assertThat(ModuleSets.cacheKey(Set.of("java.base", "jdk.httpserver"), "17.0.16", List.of("--compress=1"))).isNotEqualTo(a);
        assertThat(ModuleSets.cacheKey(Set.of("java.base", "jdk.httpserver"), "17.0.15", List.of("--compress=2"))).isNotEqualTo(a);
    }

    @Test
    void fallbackCoversWhatFrameworksLoadByReflection() {
        assertThat(ModuleSets.FALLBACK).contains("java.base", "java.desktop", "java.naming", "java.sql",
                "java.management", "jdk.unsupported", "java.instrument", "jdk.crypto.ec");
    }
}
