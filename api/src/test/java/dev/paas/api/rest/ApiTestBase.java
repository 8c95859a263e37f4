package dev.paas.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Common ground of the API tests: one real PostgreSQL, and a way to prove nothing was written. */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public abstract class ApiTestBase {

    @Inject
    DataSource dataSource;

    /** Runs a request that must be refused with {@code status}, and checks that no table changed. */
    protected Response refused(int status, String code, Supplier<Response> request) {
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
