package dev.paas.api.ui;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.PushManifest;
import dev.paas.api.service.SpaceService;
import dev.paas.api.ui.Views.SpaceOption;
import dev.paas.model.ErrorCode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Push from the browser. The page only offers the form; {@code /static/push.js} does what
 * {@code paas push} does, against {@code /v1} with the session: create or update the app,
 * map its routes ({@code NAME.<domain>} unless the manifest names them), register and upload the
 * bits (with progress), stage (streaming the output), start. A
 * {@code manifest.yml} chosen on the page is read here ({@link PushManifest}) to fill the form.
 */
@Path("/push")
@Produces(MediaType.TEXT_HTML)
public class PushPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance push(List<SpaceOption> spaces, String app, long maxBytes, String domain);
    }

    private final UiSession session;
    private final SpaceService spaces;
    private final dev.paas.api.infra.PaasConfig config;

    public PushPage(UiSession session, SpaceService spaces, dev.paas.api.infra.PaasConfig config) {
        this.session = session;
        this.spaces = spaces;
        this.config = config;
    }

    @GET
    public TemplateInstance page(@RestQuery String space, @RestQuery String app) {
        List<SpaceOption> options = spaces.list(session.caller(), AppsPage.ALL).items().stream()
                .map(s -> new SpaceOption(s.name(), s.name().equals(space))).toList();
        return Templates.push(options, app == null ? "" : app, config.storage().maxPackageBytes(), config.domain());
    }

    /**
     * Reads a manifest the page sends (the file's bytes) and answers the fields of its only
     * application, or of the one named {@code app} when it has several; 400 with what to fix.
     * Writes nothing.
     */
    @POST
    @Path("manifest")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public PushManifest manifest(@RestQuery String app, InputStream body) throws IOException {
        session.caller();
        byte[] bytes = body.readNBytes(PushManifest.MAX_BYTES + 1);
        if (bytes.length > PushManifest.MAX_BYTES) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "manifest.yml: is larger than "
                    + PushManifest.MAX_BYTES / 1024 + " KiB; is it the right file?");
        }
        return PushManifest.read(new String(bytes, StandardCharsets.UTF_8), app);
    }

    @ServerExceptionMapper
    public Response failed(ApiException e, HttpHeaders headers, Request request) {
        return UiErrors.answer(e, headers, request);
    }
}
