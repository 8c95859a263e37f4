package dev.paas.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.scheduler.api.RouteIndex.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The router's matcher over the control plane's table: same rules as the route table. */
class RouteIndexTest {

    private static final RouteIndex<String> INDEX = RouteIndex.of(List.of(
            new Entry<>("shop.example.com", "", "shop"),
            new Entry<>("shop.example.com", "/api", "api"),
            new Entry<>("Shop.Example.com", "/api/v2/", "api2"),
            new Entry<>("docs.example.com", "/guide", "docs"),
            new Entry<>("shop.example.com", "/api", "duplicate, ignored")));

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "shop.example.com, /, shop",
        "shop.example.com, '', shop",
        "shop.example.com, /cart/42, shop",
        "shop.example.com, /api, api",
        "shop.example.com, /api/, api",
        "shop.example.com, /api/v1/items, api",
        "shop.example.com, /api/v2, api2",
        "shop.example.com, /api/v2/items, api2",
        "shop.example.com, /apix, shop",
        "shop.example.com, /API, shop",
        "SHOP.Example.COM:8080, /api, api",
        "shop.example.com., /, shop",
        "' shop.example.com ', /, shop",
        "docs.example.com, /guide/intro, docs",
        "docs.example.com, /, -",
        "unknown.example.com, /, -",
        "'', /, -",
    })
    void longestWholeSegmentPrefixOfTheHostWins(String host, String path, String expected) {
        assertThat(INDEX.lookup(host, path).map(Entry::value).orElse("-")).isEqualTo(expected);
    }

    @Test
    void noHostHeaderMatchesNothing() {
        assertThat(INDEX.lookup(null, "/")).isEmpty();
    }

    @Test
    void countsDistinctRoutesAndKeepsTheFirstOfADuplicate() {
        assertThat(INDEX.size()).isEqualTo(4);
        assertThat(INDEX.lookup("shop.example.com", "/api")).map(Entry::value).contains("api");
    }

    @Test
    void refusesAPathWithoutLeadingSlash() {
        assertThatThrownBy(() -> RouteIndex.of(List.of(new Entry<>("a.test", "api", "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starts with '/'");
    }

    @Test
    void anEmptyIndexMatchesNothing() {
        assertThat(RouteIndex.<String>empty().lookup("a.test", "/")).isEmpty();
    }
}
