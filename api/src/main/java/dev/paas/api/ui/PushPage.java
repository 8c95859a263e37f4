package dev.paas.api.ui;

import dev.paas.api.core.ApiException;
import dev.paas.api.service.SpaceService;
import dev.paas.api.ui.Views.SpaceOption;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Push from the browser. The page only offers the form; {@code /static/push.js} does what
 * {@code paas push} does, against {@code /v1} with the session: create or update the app,
 * register and upload the bits (with progress), stage (streaming the output), start.
 */
@Path("/push")
@Produces(MediaType.TEXT_HTML)
public class PushPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance push(List<SpaceOption> spaces, String app, long maxBytes);
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
        return Templates.push(options, app == null ? "" : app, config.storage().maxPackageBytes());
    }

    @ServerExceptionMapper
    public Response failed(ApiException e, HttpHeaders headers, Request request) {
        return UiErrors.answer(e, headers, request);
    }
}
