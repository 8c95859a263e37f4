package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's managed service, the way a user meets it: {@code ./paas up -d} starts the platform
 * with its built-in PostgreSQL broker (pg-broker, registered as {@code postgresql}), a Java app
 * using the PostgreSQL JDBC driver from Maven Central is bound to a {@code create-service}
 * instance, reads its {@code jdbcUrl} from VCAP_SERVICES and writes and reads rows over the
 * services address, the one path the binding opens. After unbind and restart the app no longer
 * has the binding, the old credentials no longer connect, and the binding's role is gone from
 * the server.
 */
@Tag("vm")
class ManagedServicesE2ETest {

    static final Path DIR = Platform.ROOT.resolve("e2e/target/e2e/managed-services");
    static final Path DATA = DIR.resolve("data");
    /** An address of its own, so a user's {@code ./paas up} on this machine (10.253.0.1) is left alone. */
    static final String SERVICES_ADDRESS = "10.253.71.1";

    final LocalPlatform local = new LocalPlatform(DIR, Map.of("PAAS_SERVICES_ADDRESS", SERVICES_ADDRESS,
            "PAAS_SERVICES_INTERFACE", "paas-svc71", "PAAS_PG_BROKER_PORT", Integer.toString(Platform.freePort())));
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void leaveNothing() throws Exception {
        local.stopWhatIsLeft();
    }

    @Test
    void aJavaAppBoundToManagedPostgresqlWritesAndReadsRowsAndAfterUnbindItsRoleIsGone() throws Exception {
        Platform.deleteTree(DIR);
        Path work = Files.createDirectories(DIR.resolve("work"));

        LocalPlatform.Run up = local.paas("up", "-d");
        assertThat(up.code()).as(up.out()).isZero();
        assertThat(up.out()).contains("paas is up.", "registered the service broker postgresql");
        Cli cli = new Cli(DIR.resolve("cli"));

        Cli.Run market = cli.run(work, "marketplace");
        assertThat(market.code()).as(market.toString()).isZero();
        assertThat(market.out()).contains("postgresql", "small");

        Cli.Run create = cli.run(work, "create-service", "postgresql", "small", "notes-db", "--wait");
        assertThat(create.code()).as(create.toString()).isZero();

        Path jar = Apps.pgAppJar(work);
        Cli.Run push = cli.run(work, "push", "notes", "-p", jar.toString(), "-m", "384M", "-t", "180");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(get("notes.localhost", "/vcap").body()).isEqualTo("no binding\n");

        Cli.Run bind = cli.run(work, "bind-service", "notes", "notes-db");
        assertThat(bind.code()).as(bind.toString()).isZero();
        Cli.Run restart = cli.run(work, "restart", "notes");
        assertThat(restart.code()).as(restart.toString()).isZero();
        assertThat(awaitBody("notes.localhost", "/vcap", "bound")).isEqualTo("bound label=postgresql\n");

        HttpResponse<String> first = get("notes.localhost", "/note?text=first");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("1 first\n");
        HttpResponse<String> second = get("notes.localhost", "/note?text=second");
        assertThat(second.body()).as("the row written before is read back").isEqualTo("1 first\n2 second\n");

        // What runs, as `cf env` shows it: the binding's credentials, in Cloud Foundry's keys.
        Cli.Run env = cli.run(work, "env", "notes");
        assertThat(env.code()).as(env.toString()).isZero();
        String jdbcUrl = field(env.out(), "jdbcUrl");
        String username = field(env.out(), "username");
        assertThat(env.out()).contains("\"label\"", "\"instance_name\"", "\"binding_name\"", "\"uri\"", "\"host\"",
                "\"port\"", "\"name\"", "\"password\"", SERVICES_ADDRESS);
        Database server = Database.ofDataDir(DATA);
        assertThat(server.number("SELECT count(*) FROM pg_roles WHERE rolname = ?", username)).isEqualTo(1);

        Cli.Run unbind = cli.run(work, "unbind-service", "notes", "notes-db");
        assertThat(unbind.code()).as(unbind.toString()).isZero();
        restart = cli.run(work, "restart", "notes");
        assertThat(restart.code()).as(restart.toString()).isZero();
        assertThat(awaitBody("notes.localhost", "/vcap", "no binding")).isEqualTo("no binding\n");
        assertThat(server.number("SELECT count(*) FROM pg_roles WHERE rolname = ?", username))
                .as("unbind dropped the binding's role").isZero();
        HttpResponse<String> stale = get("notes.localhost", "/try?url=" + URLEncoder.encode(jdbcUrl, StandardCharsets.UTF_8));
        assertThat(stale.statusCode()).as("the old credentials after unbind: " + stale.body()).isEqualTo(502);
        assertThat(stale.body()).startsWith("db-error");

        Cli.Run delete = cli.run(work, "delete-service", "notes-db", "-f", "--wait");
        assertThat(delete.code()).as(delete.toString()).isZero();
        assertThat(server.number("SELECT count(*) FROM pg_database WHERE datname LIKE 'psi\\_%'"))
                .as("deprovision dropped the instance's database").isZero();

        LocalPlatform.Run down = local.paas("down");
        assertThat(down.code()).as(down.out()).isZero();
    }

    /** A JSON string field of the first binding in {@code paas env}'s VCAP_SERVICES. */
    static String field(String env, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(env);
        assertThat(m.find()).as(name + " in paas env:\n" + env).isTrue();
        return m.group(1);
    }

    HttpResponse<String> get(String host, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local.routerPort + path)).header("Host", host)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body of {@code path} once it starts with {@code prefix} (a restart rolls instances over). */
    String awaitBody(String host, String path, String prefix) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = get(host, path);
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && r.body().startsWith(prefix)) {
                    return r.body();
                }
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(host + path + " did not answer '" + prefix + "...' within 3 minutes; last: " + last);
    }
}
