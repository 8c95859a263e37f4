package dev.paas.api.rest;

import dev.paas.api.core.ApiException;
import dev.paas.api.infra.BlobStore;
import dev.paas.api.staging.ImageFactoryStager;
import dev.paas.imagefactory.api.StoredImage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Images for node agents, by digest: an uncompressed tar of {@code image.json} and the kernel,
 * initramfs and (large images) read-only root disk it names (node-agent/README.md, "Image
 * archive"). The agent verifies the manifest's digest and every file's sha256 while it unpacks.
 */
@Path("/v1/agent/images")
public class ImageResource {

    private final ImageFactoryStager images;
    private final CurrentNode node;

    public ImageResource(ImageFactoryStager images, CurrentNode node) {
        this.images = images;
        this.node = node;
    }

    @GET
    @Path("/{digest}")
    @Produces("application/x-tar")
    public Response download(@RestPath String digest) {
        node.get();
        String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
        if (!BlobStore.isSha256(hex)) {
            throw ApiException.invalid("digest", "must be sha256:<64 hex> or 64 hex characters");
        }
        StoredImage image = images.factory().store().find("sha256:" + hex)
                .orElseThrow(() -> ApiException.notFound("image " + hex));
        StreamingOutput body = out -> {
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                for (java.nio.file.Path f : image.files()) {
                    TarArchiveEntry e = new TarArchiveEntry(f.getFileName().toString());
                    e.setSize(Files.size(f));
                    e.setModTime(0);
                    tar.putArchiveEntry(e);
                    Files.copy(f, tar);
                    tar.closeArchiveEntry();
                }
                tar.finish();
            } catch (IOException e) {
                throw e;
            }
        };
        return Response.ok(body).build();
    }
}
