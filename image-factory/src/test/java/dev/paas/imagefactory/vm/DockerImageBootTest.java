package dev.paas.imagefactory.vm;

import dev.paas.imagefactory.OciSamples;
import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.DockerImage;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.StoredImage;
import dev.paas.kernel.api.Guests;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An image built with umoci and pulled from a real docker-registry boots under QEMU: a shell
 * script (the image's Entrypoint) starts busybox httpd and a second process and waits, as the
 * image's USER, which programs find in the image's own /etc/passwd.
 */
@Tag("vm")
class DockerImageBootTest {

    @TempDir
    Path tmp;

    @Test
    void aMultiProcessImageRunsAsItsUserAndServes() throws Exception {
        Path root = OciSamples.busyboxRoot(tmp.resolve("root"),
                "root:x:0:0:root:/root:/bin/sh\nweb:x:1234:1235:web server:/home/web:/bin/sh\n",
                "root:x:0:\nwebgrp:x:1235:\n");
        Files.writeString(root.resolve("start.sh"), """
                #!/bin/sh
                id > /www/id.txt
                busybox sleep 100000 &
                s=$!
                busybox httpd -f -p "$PORT" -h /www &
                h=$!
                kill -0 "$s" "$h" && echo "started 2 processes" >&2
                wait
                """);
        Files.setPosixFilePermissions(root.resolve("start.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(root.resolve("www"));
        Files.writeString(root.resolve("www/index.html"), "hello from a docker image\n");
        OciSamples.run(tmp, "chown", "-R", "1234:1235", root.resolve("www").toString());
        Path layout = OciSamples.umoci(tmp.resolve("layout"), "1", List.of(root), "--config.entrypoint=/start.sh",
                "--config.user=web", "--config.exposedports=8081/tcp", "--config.workingdir=/www");
        try (OciSamples.Registry registry = OciSamples.Registry.start(Files.createDirectories(tmp.resolve("registry")))) {
            OciSamples.push(layout, "1", registry.host() + "/web/multi:1");
            ImageFactory f = ImageFactory.builder().store(ImageFactory.fileStore(tmp.resolve("store")))
                    .workDir(tmp.resolve("work")).cacheDir(tmp.resolve("cache"))
                    .guest(() -> Guests.obtain(Guests.defaultCacheDir(), line -> { })).build();
            StoredImage image = f.build(BuildRequest.ofDockerImage(DockerImage.of(registry.host() + "/web/multi:1"))
                    .withMemory("64M"), System.out::println).image();
            try (BootedImage vm = BootedImage.boot(image, tmp)) {
                Optional<String> index = vm.awaitHttp200("/index.html", Duration.ofSeconds(90));
                assertThat(index).as(vm.diagnostics()).hasValue("hello from a docker image\n");
                assertThat(vm.awaitHttp200("/id.txt", Duration.ofSeconds(10))).as(vm.diagnostics())
                        .hasValue("uid=1234(web) gid=1235(webgrp) groups=1235(webgrp)\n");
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!vm.read("stderr.log").contains("started") && System.nanoTime() < deadline) {
                    Thread.sleep(100);  // the script logs once it sees both processes
                }
                assertThat(vm.read("stderr.log")).as(vm.diagnostics()).contains("started 2 processes");
            }
        }
    }
}
