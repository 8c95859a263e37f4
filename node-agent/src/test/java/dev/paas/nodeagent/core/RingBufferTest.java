package dev.paas.nodeagent.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RingBufferTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, capacity, appended, recent(n), expected values, after(seq), expected values
                Arguments.of("empty", 3, 0, 5, List.of(), 0L, List.of()),
                Arguments.of("under capacity", 3, 2, 5, List.of(1, 2), 1L, List.of(2)),
                Arguments.of("exactly full", 3, 3, 2, List.of(2, 3), 0L, List.of(1, 2, 3)),
                Arguments.of("wrapped keeps newest", 3, 7, 10, List.of(5, 6, 7), 0L, List.of(5, 6, 7)),
                Arguments.of("follower fell behind", 3, 7, 1, List.of(7), 2L, List.of(5, 6, 7)),
                Arguments.of("follower up to date", 3, 7, 0, List.of(), 7L, List.of()),
                Arguments.of("1000 lines, capacity 1000", 1000, 1500, 2, List.of(1499, 1500), 1498L, List.of(1499, 1500)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keepsTheNewestItems(String name, int capacity, int appended, int n, List<Integer> recent, long after,
                             List<Integer> afterValues) {
        RingBuffer<Integer> b = new RingBuffer<>(capacity);
        IntStream.rangeClosed(1, appended).forEach(b::append);
        assertThat(b.recent(n)).extracting(RingBuffer.Entry::value).containsExactlyElementsOf(recent);
        assertThat(b.after(after)).extracting(RingBuffer.Entry::value).containsExactlyElementsOf(afterValues);
        assertThat(b.after(after)).extracting(RingBuffer.Entry::seq)
                .containsExactlyElementsOf(afterValues.stream().map(Integer::longValue).toList());
        assertThat(b.lastSeq()).isEqualTo(appended);
        assertThat(b.size()).isEqualTo(Math.min(appended, capacity));
    }
}
