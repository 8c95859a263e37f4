package dev.paas.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Common ground of the API tests: one real PostgreSQL, and a way to prove nothing was written. */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public abstract class ApiTestBase {

    @Inject
    DataSource dataSource;

    /**
     * Runs a request that must be refused with {@code status}, and checks that no table changed.
     * Not for 400s: their message must name what to fix, see {@link #refused(int, String, String, Supplier)}.
     */
    protected Response refused(int status, String code, Supplier<Response> request) {
        assertThat(status).as("a 400 must name the field to fix: use refused(400, code, field, request)").isNotEqualTo(400);
        return refusedWritingNothing(status, code, request);
    }

    /**
     * As {@link #refused(int, String, Supplier)}, and the message names {@code field} (the field,
     * query parameter, header or "body" to fix) as a word of its own.
     */
    protected Response refused(int status, String code, String field, Supplier<Response> request) {
        Response r = refusedWritingNothing(status, code, request);
        String message = r.jsonPath().getString("message");
        assertThat(names(message, field)).as("message \"%s\" names '%s'", message, field).isTrue();
        return r;
    }

    /** True when {@code field} occurs in {@code message} not as part of a longer name ("name" is not in "username"). */
    static boolean names(String message, String field) {
        return Pattern.compile("(?<![\\w.\\[-])" + Pattern.quote(field) + "(?![\\w\\[-])").matcher(message).find();
    }

    private Response refusedWritingNothing(int status, String code, Supplier<Response> request) {
        DbSnapshot before = DbSnapshot.take(dataSource);
        Response r = request.get();
        r.then().statusCode(status);
        if (code != null) {
            assertThat(r.jsonPath().getString("code")).as("error code").isEqualTo(code);
        }
        assertThat(r.jsonPath().getString("message")).as("message").isNotBlank();
        assertThat(DbSnapshot.take(dataSource)).as("database after a refused request").isEqualTo(before);
        return r;
    }
}
