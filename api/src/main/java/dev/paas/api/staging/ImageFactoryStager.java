package dev.paas.api.staging;

import dev.paas.api.infra.BlobStore;
import dev.paas.api.infra.StorageErrors;
import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.DockerImage;
import dev.paas.imagefactory.api.RegistryCredentials;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.StagingException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The real {@link Stager}: the image factory, storing images under the blob store. */
@ApplicationScoped
public class ImageFactoryStager implements Stager {

    private final ImageFactory factory;
    private final Path imagesDir;

    public ImageFactoryStager(BlobStore blobs) {
        this.imagesDir = blobs.imagesDir();
        this.factory = ImageFactory.builder().store(ImageFactory.fileStore(blobs.imagesDir())).build();
    }

    public ImageFactory factory() {
        return factory;
    }

    private static DockerImage dockerImage(Docker d) {
        Optional<RegistryCredentials> credentials = d.username().map(u -> new RegistryCredentials(u, d.password().orElse("")));
        return new DockerImage(d.image(), credentials);
    }

    @Override
    public Output stage(Input in, Consumer<String> output) throws Failed {
        try {
            BuildRequest req = in.docker().isPresent()
                    ? BuildRequest.ofDockerImage(dockerImage(in.docker().get()))
                    : BuildRequest.of(in.packageFile());
            req = req.withEnv(in.env()).withMemoryMib(in.memoryMb());
            if (in.command().isPresent()) {
                req = req.withCommand(in.command().get());
            }
            if (in.buildpack().isPresent() && in.docker().isEmpty()) {
                req = req.withBuildpack(in.buildpack().get());
            }
            BuildResult result = factory.build(req, output::accept);
            ImageMetadata meta = result.image().metadata();
            Map<String, Long> phases = new LinkedHashMap<>();
            result.phases().forEach((phase, d) -> phases.put(phase.name().toLowerCase(Locale.ROOT), d.toMillis()));
            // The control plane keys images by the bare hex digest; the store writes "sha256:<hex>".
            return new Output(result.digest().replaceFirst("^sha256:", ""), meta.totalBytes(), meta.runtime(), meta.kernelVersion(), phases);
        } catch (StagingException e) {
            if (e.reason() == StagingException.Reason.STORE_FAILED && e.getCause() instanceof IOException io) {
                // Not the app's fault: say which path failed and why, so the operator can mend it.
                throw new Failed("the image store cannot be written (" + StorageErrors.describe(io) + "); nothing was kept."
                        + " The operator must make " + imagesDir + " writable or free space, then push again");
            }
            throw new Failed(e.getMessage());
        }
    }
}
