package dev.paas.kernel.infra;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class GuestBuilderTest {

    /** Every guest source in the tree travels in the jar, so the API builds what build.sh builds. */
    @Test
    void theJarCarriesEveryGuestSource() throws Exception {
        Path kernelDir = Path.of(System.getProperty("paas.kernel.dir", "."));
        List<String> inTree = new ArrayList<>();
        for (String sub : List.of("config", "init", "scripts")) {
            try (Stream<Path> files = Files.list(kernelDir.resolve(sub))) {
                files.map(p -> sub + "/" + p.getFileName()).forEach(inTree::add);
            }
        }
        assertThat(GuestBuilder.GUEST_FILES).containsExactlyInAnyOrderElementsOf(inTree);
        for (String name : GuestBuilder.GUEST_FILES) {
            assertThat(GuestBuilder.class.getResource(GuestBuilder.RESOURCE_ROOT + name)).as(name).isNotNull();
        }
    }
}
