package dev.paas.api.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.service.ServiceInstanceService;
import dev.paas.api.service.SpaceService;
import dev.paas.api.ui.Views.OfferingRow;
import dev.paas.api.ui.Views.PlanRow;
import dev.paas.api.ui.Views.ServiceRow;
import dev.paas.model.MarketplaceView;
import dev.paas.model.ServiceBindingView;
import dev.paas.model.ServiceInstanceView;
import dev.paas.model.SpaceView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The services page (every service instance of the spaces the caller works in: type, offering
 * and plan, last operation, bound apps; refreshed every 5 s while brokers work) and the
 * marketplace page (the brokers' offerings and their plans, as {@code paas marketplace}).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ServicesPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance services(List<ServiceRow> services, int spaces);

        static native TemplateInstance servicesTable(List<ServiceRow> services, int spaces);

        static native TemplateInstance marketplace(boolean available, List<OfferingRow> offerings);
    }

    private final UiSession session;
    private final SpaceService spaces;
    private final ServiceInstanceService instances;
    private final MarketplacePort marketplace;
    private final ObjectMapper json;

    public ServicesPage(UiSession session, SpaceService spaces, ServiceInstanceService instances, MarketplacePort marketplace,
                        ObjectMapper json) {
        this.session = session;
        this.spaces = spaces;
        this.instances = instances;
        this.marketplace = marketplace;
        this.json = json;
    }

    @GET
    @Path("services")
    public TemplateInstance page() {
        List<SpaceView> sp = spaces.list(session.caller(), AppsPage.ALL).items();
        return Templates.services(rows(sp), sp.size());
    }

    /** The table alone, for htmx's polling. */
    @GET
    @Path("services-table")
    public TemplateInstance table() {
        List<SpaceView> sp = spaces.list(session.caller(), AppsPage.ALL).items();
        return Templates.servicesTable(rows(sp), sp.size());
    }

    @GET
    @Path("marketplace")
    public TemplateInstance marketplace() {
        Optional<MarketplaceView> m = marketplace.offerings(session.caller());
        return Templates.marketplace(m.isPresent(), m.map(ServicesPage::offerings).orElse(List.of()));
    }

    @ServerExceptionMapper
    public Response failed(ApiException e, HttpHeaders headers, Request request) {
        return UiErrors.answer(e, headers, request);
    }

    private List<ServiceRow> rows(List<SpaceView> sp) {
        Caller caller = session.caller();
        List<ServiceRow> rows = new ArrayList<>();
        for (SpaceView s : sp) {
            for (ServiceInstanceView i : instances.list(caller, s.name(), AppsPage.ALL).items()) {
                ServiceState st = ServiceState.of(json, i);
                List<String> apps = i.bindings() == null ? List.of() : i.bindings().stream().map(ServiceBindingView::app).toList();
                rows.add(new ServiceRow(s.name(), i.name(), st.kind(), Objects.requireNonNullElse(st.broker(), ""), st.lastOperation(),
                        st.health(), Objects.requireNonNullElse(st.description(), ""), apps));
            }
        }
        return rows;
    }

    static List<OfferingRow> offerings(MarketplaceView m) {
        return (m.items() == null ? List.<MarketplaceView.Offering>of() : m.items()).stream()
                .map(o -> new OfferingRow(o.offering(), Objects.requireNonNullElse(o.description(), ""), o.broker(),
                        o.tags() == null ? "" : String.join(", ", o.tags()), o.bindable(),
                        (o.plans() == null ? List.<MarketplaceView.Plan>of() : o.plans()).stream()
                                .map(p -> new PlanRow(p.name(), Objects.requireNonNullElse(p.description(), ""), p.free() ? "free" : "paid"))
                                .toList()))
                .toList();
    }
}
