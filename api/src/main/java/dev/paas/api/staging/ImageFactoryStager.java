package dev.paas.api.staging;

import dev.paas.api.infra.BlobStore;
import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.StagingException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The real {@link Stager}: the image factory, storing images under the blob store. */
@ApplicationScoped
public class ImageFactoryStager implements Stager {

    private final ImageFactory factory;

    public ImageFactoryStager(BlobStore blobs) {
        this.factory = ImageFactory.builder().store(ImageFactory.fileStore(blobs.imagesDir())).build();
    }

    public ImageFactory factory() {
        return factory;
    }

    @Override
    public Output stage(Input in, Consumer<String> output) throws Failed {
        try {
            BuildRequest req = BuildRequest.of(in.packageFile()).withEnv(in.env()).withMemoryMib(in.memoryMb());
            if (in.command().isPresent()) {
                req = req.withCommand(in.command().get());
            }
            if (in.buildpack().isPresent()) {
                req = req.withBuildpack(in.buildpack().get());
            }
            BuildResult result = factory.build(req, output::accept);
            ImageMetadata meta = result.image().metadata();
            Map<String, Long> phases = new LinkedHashMap<>();
            result.phases().forEach((phase, d) -> phases.put(phase.name().toLowerCase(Locale.ROOT), d.toMillis()));
            // The control plane keys images by the bare hex digest; the store writes "sha256:<hex>".
            return new Output(result.digest().replaceFirst("^sha256:", ""), meta.totalBytes(), meta.runtime(), meta.kernelVersion(), phases);
        } catch (StagingException e) {
            throw new Failed(e.getMessage());
        }
    }
}
