package dev.paas.api.rest;

import static dev.paas.api.rest.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A body of the wrong shape or with wrongly typed values is a 400 with a JSON body naming what to fix, never coerced. */
@QuarkusTest
class StrictJsonApiTest extends ApiTestBase {

    String space;
    String dev;

    @BeforeEach
    void setUp() {
        space = Api.unique("sp");
        String devName = Api.unique("dev");
        dev = Api.developer(devName);
        Api.space(space, devName);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            instances as a string    | {"name":"typed","instances":"3"}       | instances
            memory as a number       | {"name":"typed","memory":256}          | memory
            name as a number         | {"name":42}                            | name
            instances as a boolean   | {"name":"typed","instances":true}      | instances
            instances as a fraction  | {"name":"typed","instances":1.5}       | instances
            """)
    void wronglyTypedValuesAreRefusedByName(String what, String json, String field) {
        // MALFORMED_REQUEST when the type is wrong, INVALID_FIELD when the field reads its own
        // loosely typed value (memory) and refuses it: a 400 naming the field either way.
        Response r = refused(400, null, field, () -> as(dev).body(json).post("/v1/spaces/" + space + "/apps"));
        assertThat(r.jsonPath().getString("code")).isIn("MALFORMED_REQUEST", "INVALID_FIELD");
        assertThat(r.contentType()).startsWith("application/json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an array         | [1,2]
            a number         | 7
            a string         | "typed"
            """)
    void aBodyOfTheWrongShapeGetsAJsonAnswer(String what, String json) {
        Response r = refused(400, "MALFORMED_REQUEST", "body", () -> as(dev).body(json).post("/v1/spaces/" + space + "/apps"));
        assertThat(r.contentType()).startsWith("application/json");
    }
}
