package dev.paas.imagefactory.core;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {

    @Test
    void dockerHubDefaults() {
        assertThat(ImageReference.parse("busybox")).isEqualTo(new ImageReference(ImageReference.DOCKER_HUB,
                "library/busybox", Optional.of("latest"), Optional.empty()));
        assertThat(ImageReference.parse("docker.io/team/app:1.2").toString()).isEqualTo("registry-1.docker.io/team/app:1.2");
        assertThat(ImageReference.parse("team/app").repository()).isEqualTo("team/app");
    }

    @Test
    void registriesTagsAndDigests() {
        String d = "sha256:" + "ab".repeat(32);
        ImageReference r = ImageReference.parse("127.0.0.1:5000/a/b/c:v1@" + d);
        assertThat(r.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(r.repository()).isEqualTo("a/b/c");
        assertThat(r.tag()).hasValue("v1");
        assertThat(r.manifestReference()).isEqualTo(d);
        assertThat(r.loopback()).isTrue();
        assertThat(ImageReference.parse("localhost/x").loopback()).isTrue();
        assertThat(ImageReference.parse("registry.example.com/x@" + d).tag()).isEmpty();
        assertThat(ImageReference.parse("registry.example.com/x").loopback()).isFalse();
        assertThat(ImageReference.parse("registry.example.com:443/x").manifestReference()).isEqualTo("latest");
    }

    @Test
    void badReferencesNameThePart() {
        assertThatThrownBy(() -> ImageReference.parse(" ")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> ImageReference.parse("Team/App")).hasMessageContaining("got: 'Team'");
        assertThatThrownBy(() -> ImageReference.parse("app:bad tag")).hasMessageContaining("tag must match");
        assertThatThrownBy(() -> ImageReference.parse("app@sha256:xyz")).hasMessageContaining("digest must be sha256");
        assertThatThrownBy(() -> ImageReference.parse("host.example.com/")).hasMessageContaining("the name is missing");
        assertThatThrownBy(() -> ImageReference.parse("a//b")).hasMessageContaining("got: ''");
    }
}
