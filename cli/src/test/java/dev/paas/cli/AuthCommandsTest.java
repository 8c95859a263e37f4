package dev.paas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Config;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthCommandsTest {

    @TempDir
    Path tmp;
    StubServer cp;
    Harness paas;

    @BeforeEach
    void setUp() throws Exception {
        cp = new StubServer();
        paas = new Harness(tmp);
    }

    @AfterEach
    void tearDown() {
        cp.close();
    }

    private void loginAnswers(String spaces) {
        cp.on("POST", "/v1/auth/login", 200, """
                {"token":"paas_tok","expiresAt":"2026-12-27T10:00:00Z",
                 "user":{"username":"alice","role":"DEVELOPER","createdAt":"2026-11-01T00:00:00Z"}}""");
        cp.on("GET", "/v1/me", 200, "{\"username\":\"alice\",\"role\":\"DEVELOPER\",\"spaces\":" + spaces + "}");
    }

    @Test
    void loginSavesTheTokenAndTargetsTheDefaultSpace() {
        loginAnswers("[\"dev\",\"default\"]");
        Harness.Result r = paas.run("login", "-a", cp.url(), "-u", "alice", "-p", "pw");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("logged in to " + cp.url() + " as alice (developer)\ntargeting space default\n");
        assertThat(cp.requests("POST", "/v1/auth/login").get(0).body())
                .isEqualTo("{\"username\":\"alice\",\"password\":\"pw\"}");
        assertThat(cp.requests("GET", "/v1/me").get(0).authorization()).isEqualTo("Bearer paas_tok");
        assertThat(paas.store().load()).isEqualTo(new Config(cp.url(), "paas_tok", "alice", "default"));
    }

    @Test
    void loginPromptsForTheUsernameAndReadsThePasswordFromTheEnvironment() {
        loginAnswers("[\"dev\"]");
        paas.stdin = "alice\n";
        paas.env.put("PAAS_PASSWORD", "from-env");
        Harness.Result r = paas.run("login", "-a", cp.url().replace("http://", ""));
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("username: ");
        assertThat(cp.requests("POST", "/v1/auth/login").get(0).body()).contains("\"password\":\"from-env\"");
        assertThat(paas.store().load().space()).isEqualTo("dev");
        assertThat(paas.store().load().api()).isEqualTo(cp.url());
    }

    @Test
    void loginWithJsonPrintsNoToken() {
        loginAnswers("[]");
        Harness.Result r = paas.run("login", "-a", cp.url(), "-u", "alice", "-p", "pw", "--json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"username\" : \"alice\"").contains("\"role\" : \"DEVELOPER\"")
                .doesNotContain("paas_tok");
    }

    @Test
    void aWrongPasswordIsTheApisMessageAndNothingIsSaved() {
        cp.error("POST", "/v1/auth/login", 401, "UNAUTHENTICATED", "wrong username or password");
        Harness.Result r = paas.run("login", "-a", cp.url(), "-u", "alice", "-p", "bad");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: wrong username or password\n");
        assertThat(paas.store().load().token()).isNull();
    }

    @Test
    void withoutInputThereIsNoPassword() {
        Harness.Result r = paas.run("login", "-a", cp.url(), "-u", "alice");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).endsWith("paas: a password is needed: -p, $PAAS_PASSWORD or the prompt\n");
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void anUnreachableControlPlaneSaysHowToStartIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        paas.loggedIn("http://127.0.0.1:" + port);
        Harness.Result r = paas.run("apps");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: cannot reach the control plane at http://127.0.0.1:" + port
                + ": is it running? (./paas up)\n");
    }

    @Test
    void commandsNeedALogin() {
        Harness.Result r = paas.run("apps");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: not logged in: run 'paas login'\n");
    }

    @Test
    void logoutRevokesAndForgets() {
        paas.loggedIn(cp.url());
        cp.on("POST", "/v1/auth/logout", 204, "");
        Harness.Result r = paas.run("logout");
        assertThat(r.code()).isZero();
        assertThat(cp.requests("POST", "/v1/auth/logout").get(0).authorization()).isEqualTo("Bearer tok-123");
        assertThat(paas.store().load().token()).isNull();
        assertThat(paas.store().load().space()).isEqualTo("default");
    }

    @Test
    void logoutForgetsEvenWhenTheControlPlaneIsGone() {
        paas.loggedIn("http://127.0.0.1:1");
        Harness.Result r = paas.run("logout");
        assertThat(r.code()).isZero();
        assertThat(r.err()).startsWith("warning: the token could not be revoked");
        assertThat(paas.store().load().token()).isNull();
    }

    @Test
    void targetChecksTheSpaceThenSavesIt() {
        paas.loggedIn(cp.url());
        cp.on("GET", "/v1/spaces/staging", 200, "{\"name\":\"staging\",\"apps\":0,\"members\":1}");
        Harness.Result r = paas.run("target", "-s", "staging");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("space:  staging");
        assertThat(paas.store().load().space()).isEqualTo("staging");

        cp.error("GET", "/v1/spaces/nope", 404, "NOT_FOUND", "space nope not found");
        Harness.Result bad = paas.run("target", "-s", "nope");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("paas: space nope not found\n");
        assertThat(paas.store().load().space()).isEqualTo("staging");
    }

    @Test
    void spacesMarkTheTargetedOne() {
        paas.loggedIn(cp.url());
        cp.on("GET", "/v1/spaces", 200, Fixtures.page(
                "{\"name\":\"default\",\"apps\":2,\"members\":3,\"createdAt\":\"2026-11-01T00:00:00Z\"}",
                "{\"name\":\"qa\",\"apps\":0,\"members\":1,\"createdAt\":\"2026-11-02T00:00:00Z\"}"));
        Harness.Result r = paas.run("spaces");
        assertThat(r.out()).isEqualTo("""
                name                apps  members  created
                default (targeted)  2     3        2026-11-01T00:00:00Z
                qa                  0     1        2026-11-02T00:00:00Z
                """);
        assertThat(cp.requests("GET", "/v1/spaces").get(0).query()).isEqualTo("page=1&perPage=200");
    }

    @Test
    void createSpaceAndUser() {
        paas.loggedIn(cp.url());
        cp.on("POST", "/v1/spaces", 201, "{\"name\":\"qa\",\"apps\":0,\"members\":0}");
        assertThat(paas.run("create-space", "qa").out()).isEqualTo("created space qa\n");
        assertThat(cp.requests("POST", "/v1/spaces").get(0).body()).isEqualTo("{\"name\":\"qa\"}");

        cp.on("POST", "/v1/users", 201, "{\"username\":\"bob\",\"role\":\"DEVELOPER\"}");
        cp.on("PUT", "/v1/spaces/qa/members/bob", 204, "");
        Harness.Result r = paas.run("create-user", "bob", "-p", "secret-pw", "--space", "qa");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("created user bob (developer), member of qa\n");
        assertThat(cp.requests("POST", "/v1/users").get(0).body())
                .isEqualTo("{\"username\":\"bob\",\"password\":\"secret-pw\",\"role\":\"DEVELOPER\"}");
        assertThat(cp.requests("PUT", "/v1/spaces/qa/members/bob")).hasSize(1);
    }

    @Test
    void aForbiddenCommandShowsTheApisMessage() {
        paas.loggedIn(cp.url());
        cp.error("POST", "/v1/spaces", 403, "FORBIDDEN", "only admins may create spaces");
        Harness.Result r = paas.run("create-space", "qa");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: only admins may create spaces\n");
    }
}
