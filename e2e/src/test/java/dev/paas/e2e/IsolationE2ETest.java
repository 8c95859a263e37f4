package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tenant isolation from inside a guest (issue 13): a probe app (Debian's static busybox, pushed
 * as a native binary, {@code httpd} with a CGI script that runs {@code nc} to each target) says
 * which TCP connections its guest can open. Every host-side address (the gateway 10.0.2.2, the
 * node's addresses, the host side of the instance's veth) × every platform port (control plane,
 * agent, router and its admin port, PostgreSQL, ssh, and a listener of the test's on all
 * interfaces) is closed; another app's instance is closed at every address that leads to it; a
 * listener in a network namespace of the test's own, which the host reaches, is closed by
 * default. The probe's own loopback answers (the probe works). Only loopback and namespaces the
 * test made are ever contacted.
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IsolationE2ETest {

    static final Path BUSYBOX = Apps.BUSYBOX;
    static final int GUEST_PORT = 8080;

    Platform platform;
    Cli cli;
    Path work;
    Path agentState;
    // the test's own "private network" namespace: 10.77.N.2 behind a veth whose host side is 10.77.N.1
    final String ns = "paas-e2e-iso-" + ProcessHandle.current().pid();
    final String veth = "iso" + ProcessHandle.current().pid() % 100000;
    final String privateNet = "10.77." + (10 + ProcessHandle.current().pid() % 200);
    Process privateListener;
    /** A second listener on the same private address, which no security group opens. */
    Process otherPrivateListener;
    ServerSocket anyListener;
    final Map<String, String> endpoints = new LinkedHashMap<>();

    @BeforeAll
    void platform() throws Exception {
        assertThat(BUSYBOX).as("Debian's busybox-static (PAAS_PACKAGES)").isExecutable();
        platform = Platform.start("isolation");
        platform.startAgent("e2e");
        platform.startRouter();
        work = Files.createDirectories(platform.dir.resolve("work"));
        agentState = platform.dir.resolve("agent");
        cli = platform.loggedInCli(work);
        HostNetwork.run("ip", "netns", "add", ns);
        HostNetwork.run("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        HostNetwork.run("ip", "addr", "add", privateNet + ".1/24", "dev", veth);
        HostNetwork.run("ip", "link", "set", veth, "up");
        HostNetwork.run("ip", "-n", ns, "addr", "add", privateNet + ".2/24", "dev", "eth0");
        HostNetwork.run("ip", "-n", ns, "link", "set", "eth0", "up");
        HostNetwork.run("ip", "-n", ns, "link", "set", "lo", "up");
        HostNetwork.run("ip", "-n", ns, "route", "add", "default", "via", privateNet + ".1");
        Path www = Files.createDirectories(work.resolve("private-www"));
        Files.writeString(www.resolve("index.html"), "private\n");
        privateListener = new ProcessBuilder("ip", "netns", "exec", ns, BUSYBOX.toString(), "httpd", "-f",
                "-p", privateNet + ".2:8000", "-h", www.toString()).redirectErrorStream(true)
                .redirectOutput(platform.dir.resolve("private-listener.log").toFile()).start();
        otherPrivateListener = new ProcessBuilder("ip", "netns", "exec", ns, BUSYBOX.toString(), "httpd", "-f",
                "-p", privateNet + ".2:8001", "-h", www.toString()).redirectErrorStream(true)
                .redirectOutput(platform.dir.resolve("private-listener-8001.log").toFile()).start();
        anyListener = new ServerSocket();
        anyListener.bind(new InetSocketAddress("0.0.0.0", 0), 50);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (platform != null) {
                platform.close();
            }
        } finally {
            for (Process p : new Process[] {privateListener, otherPrivateListener}) {
                if (p != null) {
                    p.destroyForcibly().waitFor();
                }
            }
            if (anyListener != null) {
                anyListener.close();
            }
            try {
                HostNetwork.run("ip", "netns", "delete", ns);
            } catch (IOException e) {
                // never made
            }
        }
    }

    @Test
    @Order(1)
    void probeAppsBootWithTheNewNetworking() throws Exception {
        Path dir = probeDir();
        for (String app : List.of("probe", "other")) {
            Cli.Run push = cli.run(work, "push", app, "-p", dir.toString(), "-m", "64M",
                    "-c", "/app/busybox httpd -f -p $PORT -h /app/www");
            assertThat(push.code()).as(push.toString()).isZero();
            JsonNode i = platform.call("GET", Apps.path(app) + "/instances", null).get(0);
            endpoints.put(app, i.path("endpoint").asText());
        }
        HttpResponse<String> r = platform.viaRouter("probe.localhost", "/");
        assertThat(r.body()).isEqualTo("isolation probe\n");
        // the probe itself works: its own loopback answers
        assertThat(probe(List.of("127.0.0.1:" + GUEST_PORT))).containsEntry("127.0.0.1:" + GUEST_PORT, "open");
    }

    @Test
    @Order(2)
    void noHostAddressAnswersOnAnyPlatformPort() throws Exception {
        List<Integer> ports = List.of(platform.apiPort, platform.agentPort, platform.routerPort, platform.routerAdminPort,
                postgresPort(), 22, anyListener.getLocalPort());
        String hostSide = HostNetwork.hostVethAddress(agentState, port(endpoints.get("probe"))).orElseThrow();
        List<String> addresses = new ArrayList<>(List.of("10.0.2.2", "10.0.2.3", hostSide));
        addresses.addAll(HostNetwork.nodeAddresses());
        // from the host, they are there (so "closed" below is the policy, not an absent service)
        for (int p : List.of(platform.apiPort, platform.agentPort, platform.routerPort, platform.routerAdminPort, postgresPort())) {
            assertThat(connects("127.0.0.1", p)).as("host reaches 127.0.0.1:" + p).isTrue();
        }
        assertThat(connects(hostSide, anyListener.getLocalPort())).as("host reaches its listener at " + hostSide).isTrue();
        List<String> targets = new ArrayList<>();
        for (String a : addresses) {
            for (int p : ports) {
                targets.add(a + ":" + p);
            }
        }
        Map<String, String> result = probe(targets);
        System.out.println("isolation e2e: " + targets.size() + " host targets from the guest: " + result);
        assertThat(result).hasSize(targets.size());
        assertThat(result).allSatisfy((t, r) -> assertThat(r).as(t).startsWith("closed"));
    }

    @Test
    @Order(3)
    void anotherAppsInstanceIsUnreachable() throws Exception {
        int otherPort = port(endpoints.get("other"));
        String otherHostSide = HostNetwork.hostVethAddress(agentState, otherPort).orElseThrow();
        assertThat(platform.http.send(HttpRequest.newBuilder(URI.create("http://" + endpoints.get("other") + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).as("the router's way in").isEqualTo("isolation probe\n");
        java.util.Set<String> set = new java.util.LinkedHashSet<>(List.of(endpoints.get("other"), otherHostSide + ":" + otherPort,
                HostNetwork.netnsSide(otherHostSide) + ":" + otherPort));
        for (String a : HostNetwork.nodeAddresses()) {
            set.add(a + ":" + otherPort);
        }
        List<String> targets = List.copyOf(set);
        Map<String, String> result = probe(targets);
        System.out.println("isolation e2e: the other instance from the guest: " + result);
        assertThat(result).hasSize(targets.size()).allSatisfy((t, r) -> assertThat(r).as(t).startsWith("closed"));
    }

    @Test
    @Order(4)
    void aPrivateNetworkListenerIsRefusedUntilASecurityGroupOpensIt() throws Exception {
        String target = privateNet + ".2:8000";
        String other = privateNet + ".2:8001";
        platform.await("the test's private listeners answer from the host", Duration.ofSeconds(10),
                () -> connects(privateNet + ".2", 8000) && connects(privateNet + ".2", 8001));
        Map<String, String> result = probe(List.of(target, other));
        assertThat(result.get(target)).as(target).startsWith("closed");
        assertThat(result.get(other)).as(other).startsWith("closed");

        // Cloud Foundry's way: an admin creates a group for exactly that destination and binds it
        // to the space; the running instance gets it within one desired-state watch, no restart.
        platform.call("POST", "/v1/security-groups", Map.of("name", "isolation-listener", "rules",
                List.of(Map.of("protocol", "tcp", "destination", privateNet + ".2", "ports", "8000"))));
        platform.call("PUT", "/v1/security-groups/isolation-listener/spaces/default", null);
        platform.await(target + " opened by the bound group", Duration.ofSeconds(30),
                () -> probeQuietly(target).startsWith("open"));
        assertThat(probe(List.of(other)).get(other)).as(other + ", which the group does not open").startsWith("closed");

        platform.call("DELETE", "/v1/security-groups/isolation-listener/spaces/default", null);
        platform.await(target + " closed again once unbound", Duration.ofSeconds(30),
                () -> probeQuietly(target).startsWith("closed"));
    }

    private String probeQuietly(String target) {
        try {
            return probe(List.of(target)).getOrDefault(target, "missing");
        } catch (Exception | AssertionError e) {
            return "probe failed: " + e;
        }
    }

    /** Asks the probe (directly at its endpoint) to try each target; target → "open" | "closed <why>". */
    Map<String, String> probe(List<String> targets) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://" + endpoints.get("probe") + "/cgi-bin/probe?"
                + String.join(",", targets))).timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> resp = platform.http.send(r, HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : resp.body().split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                out.put(line.substring(0, sp), line.substring(sp + 1).strip());
            }
        }
        return out;
    }

    static boolean connects(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    int postgresPort() throws IOException {
        Matcher m = Pattern.compile("db.embedded-started port=(\\d+)").matcher(Files.readString(platform.dir.resolve("control-plane.log")));
        assertThat(m.find()).as("the control plane's log names its PostgreSQL port").isTrue();
        return Integer.parseInt(m.group(1));
    }

    /**
     * Debian's static busybox at the top, www/index.html and the CGI scripts, executable as a
     * user's directory would have them: {@code paas push -p DIR} must keep the execute bits.
     */
    Path probeDir() throws IOException {
        Path src = Platform.ROOT.resolve("e2e/src/test/resources/apps/probe");
        Path dir = Files.createDirectories(work.resolve("probe"));
        Path cgi = Files.createDirectories(dir.resolve("www/cgi-bin"));
        Files.copy(BUSYBOX, dir.resolve("busybox"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(src.resolve("index.html"), dir.resolve("www/index.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(src.resolve("probe.cgi"), cgi.resolve("probe"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(src.resolve("ok"), cgi.resolve("ok"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (Path exe : List.of(dir.resolve("busybox"), cgi.resolve("probe"), cgi.resolve("ok"))) {
            Files.setPosixFilePermissions(exe, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }
}
