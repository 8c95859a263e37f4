package dev.paas.nodeagent.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortAllocatorTest {

    @Test
    void roundRobinDoesNotReuseAJustReleasedPort() {
        PortAllocator p = new PortAllocator(20000, 20002);
        assertThat(p.allocate(x -> true)).hasValue(20000);
        p.release(20000);
        assertThat(p.allocate(x -> true)).hasValue(20001);
        assertThat(p.allocate(x -> true)).hasValue(20002);
        assertThat(p.allocate(x -> true)).hasValue(20000);  // wraps to the released one
        assertThat(p.allocate(x -> true)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void skipsPortsThatAreBusyOnTheHostWithoutTakingThem() {
        PortAllocator p = new PortAllocator(20000, 20002);
        Set<Integer> busy = Set.of(20000, 20001);
        assertThat(p.allocate(x -> !busy.contains(x))).hasValue(20002);
        assertThat(p.inUse()).isEqualTo(1);
        assertThat(p.allocate(x -> true)).hasValue(20000);
    }

    @Test
    void reservedPortsOfReadoptedVmsAreNotHandedOut() {
        PortAllocator p = new PortAllocator(20000, 20001);
        assertThat(p.reserve(20000)).isTrue();
        assertThat(p.reserve(20000)).isFalse();
        assertThat(p.reserve(30000)).isFalse();
        assertThat(p.allocate(x -> true)).hasValue(20001);
        assertThat(p.allocate(x -> true)).isEmpty();
    }

    @ParameterizedTest(name = "{0}-{1} is refused")
    @CsvSource({"80, 90", "20000, 19999", "60000, 70000"})
    void badRangesAreRefused(int first, int last) {
        assertThatThrownBy(() -> new PortAllocator(first, last)).isInstanceOf(IllegalArgumentException.class);
    }
}
