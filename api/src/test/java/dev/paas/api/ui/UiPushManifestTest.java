package dev.paas.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.rest.Api;
import dev.paas.api.rest.ApiTestBase;
import dev.paas.api.rest.DbSnapshot;
import dev.paas.api.rest.SessionCookie;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /push/manifest}: the push page's manifest.yml, read on the server. One row per
 * refusal (400 with what is wrong and where; nothing written), then what it answers.
 */
@QuarkusTest
class UiPushManifestTest extends ApiTestBase {

    @Inject
    DataSource ds;

    String token;

    @BeforeEach
    void loggedIn() {
        String dev = Api.unique("dev");
        Api.developer(dev);
        token = UiSessionTest.login(dev, Api.PASSWORD);
    }

    /** The request push.js makes: the session, its CSRF token and the file's text. */
    RequestSpecification page() {
        return yaml(UiSessionTest.session(token).header(SessionCookie.CSRF_HEADER, SessionCookie.csrfToken(token)));
    }

    static RequestSpecification yaml(RequestSpecification spec) {
        return spec.config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .encodeContentTypeAs("application/yaml", ContentType.TEXT))).contentType("application/yaml");
    }

    Response read(String yaml) {
        return page().body(yaml).post("/push/manifest");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            bad YAML                 | "applications:\\n- name: web\\n  memory: [1G\\n"      | manifest.yml, line 4, column 1: malformed YAML:
            bad indentation          | "applications:\\n- name: web\\n memory: 1G\\n"        | manifest.yml, line 3, column 2: malformed YAML:
            empty                    | ""                                                    | manifest.yml: is empty; a manifest has an 'applications' list
            not a mapping            | "- name: web\\n"                                      | manifest.yml, line 1, column 1: the manifest: must be a mapping
            no applications          | "version: 1\\n"                                       | manifest.yml, line 1, column 1: has no 'applications' list
            applications not a list  | "applications: web\\n"                                | manifest.yml, line 1, column 15: applications: must be a list
            no application in it     | "applications: []\\n"                                 | manifest.yml, line 1, column 15: applications: is empty
            an app without a name    | "applications:\\n- memory: 1G\\n"                     | manifest.yml, line 2, column 3: applications[0] has no name
            two apps without choosing| "applications:\\n- name: web\\n- name: worker\\n"     | manifest.yml: has 2 applications (web, worker); choose one
            a bad name               | "applications:\\n- name: My_App\\n"                   | manifest.yml, line 2, column 9: name: 'My_App' is not a valid name
            a name that is a list    | "applications:\\n- name: [a, b]\\n"                   | manifest.yml, line 2, column 9: name: must be a single value
            bad memory               | "applications:\\n- name: web\\n  memory: 12Q\\n"      | manifest.yml, line 3, column 11: memory: '12Q' is not a size; write a whole number with M or G
            too much memory          | "applications:\\n- name: web\\n  memory: 64G\\n"      | manifest.yml, line 3, column 11: memory: '64G' is out of range; choose between 64M and 8G
            instances not a number   | "applications:\\n- name: web\\n  instances: two\\n"   | manifest.yml, line 3, column 14: instances: 'two' is not a whole number
            too many instances       | "applications:\\n- name: web\\n  instances: 101\\n"   | manifest.yml, line 3, column 14: instances: 101 is out of range; choose 0 to 100
            a var                    | "applications:\\n- name: web\\n  memory: ((mem))\\n"  | manifest.yml, line 3, column 11: no value for ((mem)); the push page takes no vars
            an unknown buildpack     | "applications:\\n- name: web\\n  buildpacks: [cobol]\\n" | manifest.yml, line 3, column 15: buildpacks: 'cobol' is not a buildpack paas knows; use one of java_buildpack, staticfile_buildpack, binary_buildpack
            a buildpack not here yet | "applications:\\n- name: web\\n  buildpack: ruby_buildpack\\n" | manifest.yml, line 3, column 14: buildpack: 'ruby_buildpack' has no buildpack on paas yet; paas has java_buildpack, staticfile_buildpack, binary_buildpack
            two buildpacks           | "applications:\\n- name: web\\n  buildpacks: [java, static]\\n"   | manifest.yml, line 3, column 15: buildpacks: paas stages with one buildpack
            inherit                  | "inherit: base.yml\\napplications:\\n- name: web\\n"    | manifest.yml, line 1, column 1: inherit: is not supported, as in cf CLI v7
            docker                   | "applications:\\n- name: web\\n  docker: {image: nginx}\\n" | manifest.yml, line 3, column 11: docker: the push page pushes bits from a file; push an image with 'paas push -f manifest.yml' or 'paas push web --docker-image REF'
            a self-merging mapping   | "applications:\\n- &a {name: hello, <<: *a}\\n"     | manifest.yml, line 2, column 3: applications[0] (merge key <<): merge keys (<<) nest more than 8 deep or merge a mapping into itself
            buildpacks not a list    | "applications:\\n- name: web\\n  buildpacks: java\\n" | manifest.yml, line 3, column 15: buildpacks: must be a list
            a key twice              | "applications:\\n- name: web\\n  name: api\\n"        | manifest.yml, line 3, column 3: 'name' appears twice in applications[0]
            a route without a domain | "applications:\n- name: web\n  routes:\n  - route: web\n" | manifest.yml, line 4, column 3: routes[0]: host: 'web' needs a domain
            a route with a bad path  | "applications:\n- name: web\n  routes:\n  - route: web.example.com/a/../b\n" | manifest.yml, line 4, column 3: routes[0]: path: '/a/../b' must be a path
            routes not a list        | "applications:\n- name: web\n  routes: web.example.com\n" | manifest.yml, line 3, column 11: routes: must be a list of '- route: HOST[/PATH]'
            a route entry without route | "applications:\n- name: web\n  routes:\n  - host: web.example.com\n" | manifest.yml, line 4, column 5: routes: each entry needs 'route: HOST[/PATH]'
            no-route not a boolean   | "applications:\n- name: web\n  no-route: maybe\n" | manifest.yml, line 3, column 13: no-route: 'maybe' is not true or false
            """)
    void aBadManifestIsRefusedWithWhatAndWhere(String problem, String yaml, String message) {
        DbSnapshot before = DbSnapshot.take(ds);
        Response r = read(yaml.replace("\\n", "\n"));
        r.then().statusCode(400).contentType("text/plain");
        assertThat(r.asString()).as(problem).startsWith(message);
        assertThat(DbSnapshot.take(ds)).as("database after reading a manifest").isEqualTo(before);
    }

    /** The CLI's RefusalsTest sends the same alias bomb and expects the same words: both read with dev.paas.pushrules. */
    @Test
    void aBillionLaughsIsRefusedAsThePushCommandRefusesIt() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 9; k++) {
                yaml.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        yaml.append("applications:\n- name: hello\n");
        DbSnapshot before = DbSnapshot.take(ds);
        Response r = read(yaml.toString());
        r.then().statusCode(400);
        assertThat(r.asString()).isEqualTo("manifest.yml: more than 50 aliases (*name) of lists or mappings; a manifest needs a few");
        assertThat(DbSnapshot.take(ds)).isEqualTo(before);
    }

    @Test
    void itAnswersTheApplicationsFieldsNotTheFirstNameAnywhere() {
        DbSnapshot before = DbSnapshot.take(ds);
        Response r = read("""
                ---
                version: 1
                defaults: &defaults
                  memory: 512m
                  instances: 2
                applications:
                - env:
                    name: not-the-app
                    memory: 64M
                  <<: *defaults
                  name: shop
                  buildpacks: [java_buildpack]
                  routes:
                  - route: shop.example.com
                """);
        r.then().statusCode(200).contentType("application/json");
        assertThat(r.jsonPath().getString("name")).isEqualTo("shop");
        assertThat(r.jsonPath().getString("memory")).isEqualTo("512M");
        assertThat(r.jsonPath().getInt("instances")).isEqualTo(2);
        assertThat(r.jsonPath().getString("buildpack")).isEqualTo("java");
        assertThat(r.jsonPath().getList("applications")).containsExactly("shop");
        assertThat(r.jsonPath().getList("routes")).containsExactly("shop.example.com");
        assertThat(r.jsonPath().getList("ignored")).containsExactly("env");
        assertThat(DbSnapshot.take(ds)).isEqualTo(before);

        // Singular buildpack, as 40% of manifests write it, and a git URL.
        r = read("applications:\n- name: site\n  buildpack: https://github.com/cloudfoundry/binary-buildpack.git\n  memory: 1GB\n");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getString("buildpack")).isEqualTo("native");
        assertThat(r.jsonPath().getString("memory")).isEqualTo("1G");
        assertThat(r.jsonPath().getList("ignored")).isEmpty();

        // ((vars)) in what the page does not use are paas push's business.
        r = read("applications:\n- name: vars\n  env: {A: ((a))}\n  services: [((db))]\n");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getList("ignored")).containsExactly("env", "services");

        // Only a name: the rest is left out, so the form keeps what it has.
        r = read("applications:\n- name: tiny\n");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getMap("$").keySet()).containsExactlyInAnyOrder("name", "applications", "ignored");
    }

    @Test
    void withSeveralApplicationsTheOneNamedIsRead() {
        String yaml = "applications:\n- name: web\n  memory: 1G\n- name: worker\n  memory: 2G\n  instances: 0\n";
        Response r = page().body(yaml).queryParam("app", "worker").post("/push/manifest");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getString("name")).isEqualTo("worker");
        assertThat(r.jsonPath().getString("memory")).isEqualTo("2G");
        assertThat(r.jsonPath().getInt("instances")).isZero();
        assertThat(r.jsonPath().getList("applications")).isEqualTo(List.of("web", "worker"));

        page().body(yaml).queryParam("app", "nope").post("/push/manifest").then().statusCode(400)
                .body(org.hamcrest.Matchers.startsWith("manifest.yml: has 2 applications (web, worker) and none is named 'nope'"));
        // With one application, the name in the form does not have to match (it is filled from the manifest).
        page().body("applications:\n- name: web\n").queryParam("app", "site").post("/push/manifest").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("web"));
    }

    @Test
    void itNeedsASessionTheCsrfTokenAndASmallFile() {
        String yaml = "applications:\n- name: web\n";
        yaml(UiSessionTest.session(token)).body(yaml).post("/push/manifest").then().statusCode(403)
                .body(org.hamcrest.Matchers.containsString("CSRF"));
        yaml(RestAssured.given().redirects().follow(false)).body(yaml)
                .post("/push/manifest").then().statusCode(401);
        page().body("# " + "x".repeat(64 * 1024) + "\n" + yaml).post("/push/manifest").then().statusCode(413)
                .body(org.hamcrest.Matchers.startsWith("manifest.yml: is larger than 64 KiB"));
    }
}
