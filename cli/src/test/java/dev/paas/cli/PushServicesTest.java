package dev.paas.cli;

import static dev.paas.cli.Fixtures.app;
import static dev.paas.cli.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Json;
import dev.paas.cli.infra.Stager;
import dev.paas.cli.infra.Uploader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A manifest's services: checked before anything is created, bound before staging. */
class PushServicesTest extends LoggedInCliTest {

    static final String APPS = "/v1/spaces/default/apps";
    static final String APP = APPS + "/hello";
    static final String SERVICES = "/v1/spaces/default/service-instances";

    final List<String> steps = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(paas.workDir.resolve("hello.jar"), "jar bits");
        paas.uploaders = api -> (space, app, bits, progress) -> {
            steps.add("upload after " + cp.requests("POST", APP + "/service-bindings").size() + " bindings");
            return new Uploader.PackageRef("pkg-1", bits.sha256());
        };
        paas.stagers = api -> (space, app, pkg, buildpacks, log) -> new Stager.Revision(1, "abc");
    }

    @Test
    void bothFormsAreBoundBeforeTheUpload() throws Exception {
        Files.writeString(paas.workDir.resolve("manifest.yml"), """
                applications:
                - name: hello
                  path: hello.jar
                  no-route: true
                  services:
                  - db
                  - name: cache
                    binding_name: c1
                """);
        cp.on("GET", SERVICES, 200, page(ServiceCommandsTest.service("db", ""), ServiceCommandsTest.service("cache", "")));
        cp.error("GET", APP, 404, "NOT_FOUND", "app hello not found");
        cp.on("POST", APPS, 201, app("hello", 0, 1, "256M", "STOPPED", "{}"));
        cp.on("POST", APP + "/service-bindings", 201, ServiceCommandsTest.BOUND);
        cp.on("POST", APP + "/start", 200, app("hello", 1, 1, "256M", "STARTED", "{}"));
        cp.on("GET", APP + "/instances", 200, "[]");
        cp.on("GET", "/v1/spaces/default/routes", 200, page());
        Harness.Result r = paas.run("push", "--no-wait");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(steps).containsExactly("upload after 2 bindings");
        List<StubServer.Request> binds = cp.requests("POST", APP + "/service-bindings");
        assertThat(Json.tree(binds.get(0).body())).isEqualTo(Json.tree("{\"serviceInstance\":\"db\"}"));
        assertThat(Json.tree(binds.get(1).body())).isEqualTo(Json.tree("{\"serviceInstance\":\"cache\",\"bindingName\":\"c1\"}"));
        assertThat(r.err()).contains("bound service db to hello").contains("bound service cache to hello");
    }

    @Test
    void aMissingServiceOrParametersOfAUserProvidedOneStopThePushBeforeAnythingIsCreated() throws Exception {
        Files.writeString(paas.workDir.resolve("manifest.yml"), """
                applications:
                - name: hello
                  path: hello.jar
                  services:
                  - nope
                  - name: db
                    parameters: {role: ro}
                """);
        cp.on("GET", SERVICES, 200, page(ServiceCommandsTest.service("db", "")));
        Harness.Result r = paas.run("push");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly(
                "paas: manifest.yml, line 5, column 5: services: no service instance 'nope' in space 'default'; create it "
                        + "first (paas create-service OFFERING PLAN nope, or paas create-user-provided-service nope -p CREDENTIALS)",
                "paas: manifest.yml, line 6, column 5: services: parameters of 'db': binding parameters are not supported "
                        + "for user-provided service instances (as in Cloud Foundry); remove them");
        assertThat(cp.writes()).isEmpty();
    }

    @Test
    void aManagedInstanceTakesParametersButMustBeProvisionedFirst() throws Exception {
        Files.writeString(paas.workDir.resolve("manifest.yml"), """
                applications:
                - name: hello
                  path: hello.jar
                  services:
                  - name: pg
                    parameters: {role: ro}
                  - slow
                  - broken
                """);
        cp.on("GET", SERVICES, 200, page(ManagedServiceCommandsTest.managed("pg", "create", "succeeded", null),
                ManagedServiceCommandsTest.managed("slow", "create", "in progress", "creating database"),
                ManagedServiceCommandsTest.managed("broken", "create", "failed", "disk full")));
        Harness.Result r = paas.run("push");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly(
                "paas: manifest.yml, line 7, column 5: services: service instance 'slow' is not ready (create in progress: "
                        + "creating database); wait for it ('paas service slow') and push again",
                "paas: manifest.yml, line 8, column 5: services: service instance 'broken' is not ready (create failed: "
                        + "disk full); delete it and create it again (paas delete-service broken)");
        assertThat(cp.writes()).isEmpty();
    }
}
