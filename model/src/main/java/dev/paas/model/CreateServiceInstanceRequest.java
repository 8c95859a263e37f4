package dev.paas.model;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/spaces/{space}/service-instances}, in one of two forms:
 * <ul>
 * <li>user-provided, as {@code cf create-user-provided-service}: {@code name}, {@code credentials},
 * {@code syslogDrainUrl}, {@code tags}. {@code routeServiceUrl} is refused (paas has no route
 * services); it is a field so the refusal can say so.</li>
 * <li>managed, as {@code cf create-service OFFERING PLAN NAME [-c JSON] [-t TAGS]}: {@code name},
 * {@code offering}, {@code plan}, {@code parameters} (sent to the broker), {@code tags}.</li>
 * </ul>
 */
public record CreateServiceInstanceRequest(String name, Map<String, Object> credentials, String syslogDrainUrl,
                                           String routeServiceUrl, List<String> tags, String offering, String plan,
                                           Map<String, Object> parameters) {

    /** The user-provided form. */
    public CreateServiceInstanceRequest(String name, Map<String, Object> credentials, String syslogDrainUrl,
                                        String routeServiceUrl, List<String> tags) {
        this(name, credentials, syslogDrainUrl, routeServiceUrl, tags, null, null, null);
    }

    /** The managed form. */
    public static CreateServiceInstanceRequest managed(String name, String offering, String plan,
                                                       Map<String, Object> parameters, List<String> tags) {
        return new CreateServiceInstanceRequest(name, null, null, null, tags, offering, plan, parameters);
    }

    /** Whether this asks a broker for the instance (it names an offering or a plan). Not a getter: never a JSON field. */
    public boolean managedForm() {
        return offering != null || plan != null;
    }
}
