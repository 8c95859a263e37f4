package dev.paas.nodeagent.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LruPolicyTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static LruPolicy.Entry e(String d, long size, int ageSeconds) {
        return new LruPolicy.Entry(d, size, T.minusSeconds(ageSeconds));
    }

    static Stream<Arguments> cases() {
        List<LruPolicy.Entry> three = List.of(e("a", 40, 30), e("b", 40, 10), e("c", 40, 20));
        return Stream.of(
                Arguments.of("under the cap: nothing", three, 200L, Set.of(), List.of()),
                Arguments.of("exactly at the cap: nothing", three, 120L, Set.of(), List.of()),
                Arguments.of("oldest first", three, 100L, Set.of(), List.of("a")),
                Arguments.of("until it fits", three, 40L, Set.of(), List.of("a", "c")),
                Arguments.of("pinned survive", three, 40L, Set.of("a"), List.of("c", "b")),
                Arguments.of("all pinned: over the cap stays", three, 10L, Set.of("a", "b", "c"), List.of()),
                Arguments.of("empty cache", List.of(), 0L, Set.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evictsLeastRecentlyUsedUnpinned(String name, List<LruPolicy.Entry> entries, long cap, Set<String> pinned,
                                          List<String> expected) {
        assertThat(LruPolicy.victims(entries, cap, pinned)).containsExactlyElementsOf(expected);
    }
}
