package dev.paas.api.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.service.ServiceBindingService;
import dev.paas.api.service.ServiceInstanceService;
import dev.paas.api.ui.Views.BoundRow;
import dev.paas.api.ui.Views.ServicesCard;
import dev.paas.model.CreateServiceBindingRequest;
import dev.paas.model.ServiceBindingView;
import dev.paas.model.ServiceInstanceView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The app page's Services card: the instances bound to the app (offering and plan, or
 * user-provided; binding name; a managed one's last operation), a form to bind one of the space's
 * other instances (with a binding name and, for a managed one, parameters for its broker) and
 * Unbind. Binds through {@link BindingPort}, as {@code paas bind-service} and {@code unbind-service}
 * do through the API; a change reaches the app's instances at its next restart, which the message says.
 */
@Path("/apps/{space}/{app}/services")
public class AppServicesPart {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance appServices(ServicesCard card);
    }

    private final UiSession session;
    private final ServiceInstanceService instances;
    private final ServiceBindingService bindings;
    private final BindingPort binder;
    private final ObjectMapper json;

    public AppServicesPart(UiSession session, ServiceInstanceService instances, ServiceBindingService bindings, BindingPort binder,
                           ObjectMapper json) {
        this.session = session;
        this.instances = instances;
        this.bindings = bindings;
        this.binder = binder;
        this.json = json;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance card(@RestPath String space, @RestPath String app) {
        return Templates.appServices(card(session.caller(), space, app));
    }

    /**
     * Binds {@code serviceInstance}. {@code parameters} is a JSON object or empty; anything else is
     * refused (400 naming it) before anything is written, as is everything the API refuses.
     */
    @POST
    public Response bind(@RestPath String space, @RestPath String app, @RestForm String serviceInstance,
                         @RestForm String bindingName, @RestForm String parameters) {
        if (serviceInstance == null || serviceInstance.isBlank()) {
            throw ApiException.invalid("serviceInstance", "choose a service instance to bind");
        }
        Map<String, Object> params = parameters(parameters);
        ServiceBindingView b = binder.bind(session.caller(), space, app, new CreateServiceBindingRequest(serviceInstance.strip(),
                params, bindingName == null || bindingName.isBlank() ? null : bindingName.strip()));
        return AppActions.changed(json, "Bound " + b.serviceInstance() + " to " + app + ". Restart " + app
                + " for its instances to see it in VCAP_SERVICES.");
    }

    @POST
    @Path("{service}/unbind")
    public Response unbind(@RestPath String space, @RestPath String app, @RestPath String service) {
        binder.unbind(session.caller(), space, app, service);
        return AppActions.changed(json, "Unbound " + service + " from " + app + ". Restart " + app
                + " for its instances to lose it from VCAP_SERVICES.");
    }

    @ServerExceptionMapper
    public Response failed(ApiException e, HttpHeaders headers, Request request) {
        return UiErrors.answer(e, headers, request);
    }

    /** The form's parameters: blank is none; otherwise a JSON object, else a 400 naming the field. */
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw ApiException.invalid("parameters", "is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")") + "; give an object such as {\"role\": \"read-only\"}, or leave it empty");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalid("parameters", "must be a JSON object such as {\"role\": \"read-only\"}, or empty");
        }
        return json.convertValue(node, Map.class);
    }

    private ServicesCard card(Caller caller, String space, String app) {
        List<ServiceBindingView> bound = bindings.list(caller, space, app);
        List<ServiceInstanceView> all = instances.list(caller, space, AppsPage.ALL).items();
        List<BoundRow> rows = new ArrayList<>();
        List<String> bindable = new ArrayList<>();
        for (ServiceInstanceView s : all) {
            ServiceBindingView b = bound.stream().filter(x -> s.name().equals(x.serviceInstance())).findFirst().orElse(null);
            ServiceState st = ServiceState.of(json, s);
            if (b != null) {
                rows.add(new BoundRow(s.name(), st.kind(), Objects.requireNonNullElse(b.bindingName(), ""), st.lastOperation(),
                        st.health(), Objects.requireNonNullElse(st.description(), "")));
            } else if (!st.managed() || "succeeded".equals(st.state()) && !"delete".equals(st.operation())) {
                // A managed instance the broker is still working on, or failed to make, cannot be bound.
                bindable.add(s.name());
            }
        }
        return new ServicesCard("/apps/" + space + "/" + app, app, rows, bindable);
    }
}
