package dev.paas.api.ui;

import dev.paas.api.core.ApiException;
import dev.paas.api.service.RequestMetricsService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The app page's metrics card ({@code GET /apps/{space}/{app}/metrics}, refreshed by htmx): {@link MetricsChart}. */
@Path("/apps/{space}/{app}/metrics")
@Produces(MediaType.TEXT_HTML)
public class AppMetricsPart {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance appMetrics(MetricsChart.Panel metrics);
    }

    private final UiSession session;
    private final RequestMetricsService metrics;

    public AppMetricsPart(UiSession session, RequestMetricsService metrics) {
        this.session = session;
        this.metrics = metrics;
    }

    @GET
    public TemplateInstance part(@RestPath String space, @RestPath String app) {
        return Templates.appMetrics(panel(space, app));
    }

    /** The card's figures, for the page that includes it. */
    MetricsChart.Panel panel(String space, String app) {
        return MetricsChart.of(metrics.of(session.caller(), space, app));
    }

    @ServerExceptionMapper
    public Response failed(ApiException e, HttpHeaders headers, Request request) {
        return UiErrors.answer(e, headers, request);
    }
}
