package dev.paas.api.rest;

import dev.paas.api.core.Caller;
import dev.paas.api.service.PackageService;
import dev.paas.model.PackageView;
import dev.paas.model.RegisterPackageRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Uploading an app's bits (a jar, a zip, or one executable). */
@Path("/v1/spaces/{space}/apps/{app}/packages")
public class PackageResource {

    private final PackageService packages;
    private final CurrentCaller caller;

    public PackageResource(PackageService packages, CurrentCaller caller) {
        this.packages = packages;
        this.caller = caller;
    }

    /**
     * Reuses bits the control plane already has (201), or says to upload them (404); or, with
     * {@code docker}, creates a package that is an image to pull (201).
     */
    @POST
    public Response register(@RestPath String space, @RestPath String app, RegisterPackageRequest req) {
        String sha = req == null ? null : req.sha256();
        String name = req == null ? null : req.filename();
        PackageView p = req != null && req.docker() != null
                ? packages.registerDocker(caller.get(), space, app, req.docker(), sha != null || name != null)
                : packages.register(caller.get(), space, app, sha, name);
        return Created.at("/v1/spaces/" + space + "/apps/" + app + "/packages/" + p.id(), p);
    }

    /** The raw bytes as the body ({@code application/octet-stream}), checked against {@code sha256}. */
    @PUT
    @Path("/{sha256}")
    @Consumes({MediaType.APPLICATION_OCTET_STREAM, "application/zip", "application/java-archive"})
    public Response upload(@RestPath String space, @RestPath String app, @RestPath String sha256, @RestQuery String filename,
                           InputStream body) {
        Caller c = caller.get();
        packages.checkUpload(c, space, app, sha256, filename);
        PackageView p = packages.upload(c, space, app, sha256, filename, body);
        return Created.at("/v1/spaces/" + space + "/apps/" + app + "/packages/" + p.id(), p);
    }

    @GET
    public List<PackageView> list(@RestPath String space, @RestPath String app) {
        return packages.list(caller.get(), space, app);
    }
}
