package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.paas.api.core.PageRequest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every paginated list x every bad {@code page}/{@code perPage} -> 400 naming the parameter, as the admin. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaginationApiTest extends ApiTestBase {

    /** The lists, with {@code %s} for a space of their own. */
    static final List<String> LISTS = List.of("/v1/users", "/v1/spaces", "/v1/spaces/%s/apps", "/v1/spaces/%s/routes",
            "/v1/spaces/%s/events", "/v1/events", "/v1/node-pools", "/v1/nodes", "/v1/security-groups",
            "/v1/spaces/%s/service-instances", "/v1/spaces/%s/apps/%<s/tasks", "/v1/service-brokers");

    record Bad(String query, String names) {
        @Override
        public String toString() {
            return query;
        }
    }

    static final List<Bad> BAD = List.of(new Bad("page=0", "page"), new Bad("page=-1", "page"), new Bad("page=abc", "page"),
            new Bad("perPage=0", "perPage"), new Bad("perPage=201", "perPage"), new Bad("perPage=1000", "perPage"),
            new Bad("perPage=ten", "perPage"), new Bad("page=99999999999", "page"),
            new Bad("page=" + (PageRequest.MAX_PAGE + 1), "page"), new Bad("page=2147483647", "page"));

    String space;

    /** Runs on the first cell: Quarkus and RestAssured are ready only inside a test. */
    String space() {
        if (space == null) {
            space = Api.unique("sp");
            Api.space(space);
            Api.app(space, space); // whose tasks are listed (%<s)
        }
        return space;
    }

    Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (String list : LISTS) {
            for (Bad bad : BAD) {
                out.add(Arguments.of(list, bad));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "GET {0}?{1}")
    @MethodSource("cells")
    void badPagesAreRefusedNamingTheParameter(String list, Bad bad) {
        String path = list.formatted(space()) + "?" + bad.query();
        refused(400, "INVALID_FIELD", bad.names(), () -> admin().get(path));
    }

    @ParameterizedTest(name = "GET {0}?perPage=1")
    @MethodSource("lists")
    void goodPagesAreServed(String list) {
        admin().get(list.formatted(space()) + "?page=1&perPage=1").then().statusCode(200)
                .body("page", equalTo(1)).body("perPage", equalTo(1)).body("items.size()", lessThanOrEqualTo(1));
    }

    /** The last page there may be, however long the list: empty, not an error. */
    @ParameterizedTest(name = "GET {0}?page=MAX_PAGE")
    @MethodSource("lists")
    void theLastPossiblePageIsEmpty(String list) {
        admin().get(list.formatted(space()) + "?page=" + PageRequest.MAX_PAGE + "&perPage=200").then().statusCode(200)
                .body("page", equalTo(PageRequest.MAX_PAGE)).body("items.size()", equalTo(0));
    }

    static Stream<String> lists() {
        return LISTS.stream();
    }

    @Test
    void theTableHasEveryPaginatedList() {
        List<String> paginated = Endpoints.v1().stream().filter(e -> e.queryParams().contains("perPage")).map(Endpoints.Endpoint::key).toList();
        assertThat(LISTS.stream().map(l -> Endpoints.key("GET", l.replaceAll("%<?s", "{}"))).toList())
                .containsExactlyInAnyOrderElementsOf(paginated);
    }
}
