package dev.paas.imagefactory.core;

import dev.paas.kernel.api.LaunchSpec;
import dev.paas.kernel.api.RunAs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OciLaunchTest {

    static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\nnginx:x:101:102:nginx:/var/cache/nginx:/sbin/nologin\n";
    static final String GROUP = "root:x:0:\nnginx:x:102:\nstaff:x:50:\n";

    private static OciConfig config(List<String> entrypoint, List<String> cmd, String user, List<String> ports) {
        return new OciConfig(entrypoint, cmd, List.of("PATH=/usr/sbin:/usr/bin", "PORT=1", "NGINX_VERSION=1.25", "BROKEN"),
                Optional.of("/srv/app/"), Optional.ofNullable(user), ports, "linux", "amd64");
    }

    @Test
    void entrypointCmdEnvDirUserAndPort() {
        LaunchSpec s = OciLaunch.spec(config(List.of("/docker-entrypoint.sh"), List.of("nginx", "-g", "daemon off;"), "nginx",
                List.of("443/tcp", "80/tcp", "53/udp")), Optional.empty(), Map.of("A", "b"), 8080,
                Optional.of(PASSWD), Optional.of(GROUP));
        assertThat(s.command()).isEqualTo("/docker-entrypoint.sh nginx -g 'daemon off;'");
        assertThat(s.env()).containsExactly(Map.entry("PATH", "/usr/sbin:/usr/bin"), Map.entry("NGINX_VERSION", "1.25"),
                Map.entry("A", "b"));
        assertThat(s.dir()).isEqualTo("/srv/app");
        assertThat(s.port()).as("the lowest TCP port").isEqualTo(80);
        assertThat(s.user()).isEqualTo(new RunAs("nginx", 101, 102, "/var/cache/nginx"));
        assertThat(s.shell()).isEmpty();
    }

    @Test
    void defaults() {
        LaunchSpec s = OciLaunch.spec(new OciConfig(List.of(), List.of("/app"), List.of(), Optional.empty(), Optional.empty(),
                List.of(), "linux", "amd64"), Optional.empty(), Map.of(), 9000, Optional.empty(), Optional.empty());
        assertThat(s.dir()).isEqualTo("/");
        assertThat(s.port()).isEqualTo(9000);
        assertThat(s.user()).isEqualTo(RunAs.ROOT);
        assertThat(s.env()).containsExactly(Map.entry("PATH", OciLaunch.DEFAULT_PATH));
    }

    @Test
    void theAppsCommandReplacesEntrypointAndCmd() {
        LaunchSpec s = OciLaunch.spec(config(List.of("/e"), List.of("c"), null, List.of()), Optional.of("./run --x"),
                Map.of(), 8080, Optional.empty(), Optional.empty());
        assertThat(s.command()).isEqualTo("./run --x");
    }

    @Test
    void quotingSurvivesTheInitsSplitter() {
        assertThat(OciLaunch.quote(List.of("a", "b c", "$HOME", "it's", "", "x=1"))).isEqualTo("a 'b c' '$HOME' 'it'\\''s' '' x=1");
        assertThat(OciLaunch.quote(List.of("A=1", "run"))).as("not an assignment").isEqualTo("'A=1' run");
    }

    @Test
    void users() {
        assertThat(OciLaunch.user("101", Optional.of(PASSWD), Optional.empty())).isEqualTo(new RunAs("nginx", 101, 102, "/var/cache/nginx"));
        assertThat(OciLaunch.user("nginx:staff", Optional.of(PASSWD), Optional.of(GROUP)).gid()).isEqualTo(50);
        assertThat(OciLaunch.user("5000:6000", Optional.of(PASSWD), Optional.empty())).isEqualTo(new RunAs("5000", 5000, 6000, "/"));
        assertThatThrownBy(() -> OciLaunch.user("ghost", Optional.of(PASSWD), Optional.empty()))
                .hasMessage("the image's User 'ghost' is not in its /etc/passwd: add the user to the image or use a uid");
        assertThatThrownBy(() -> OciLaunch.user("ghost", Optional.empty(), Optional.empty()))
                .hasMessageContaining("(the image has no /etc/passwd)");
        assertThatThrownBy(() -> OciLaunch.user("nginx:nogroup", Optional.of(PASSWD), Optional.of(GROUP)))
                .hasMessageContaining("group 'nogroup' is not in its /etc/group");
    }

    @Test
    void anImageWithoutACommandNeedsOne() {
        assertThatThrownBy(() -> OciLaunch.spec(config(List.of(), List.of(), null, List.of()), Optional.empty(), Map.of(), 8080,
                Optional.empty(), Optional.empty())).hasMessageContaining("neither Entrypoint nor Cmd: give the app a command");
    }
}
