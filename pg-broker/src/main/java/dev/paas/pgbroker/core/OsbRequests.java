package dev.paas.pgbroker.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What an Open Service Broker request must hold, checked before anything is touched: the API
 * version header, the ids in the path, the bodies of provision and bind, the query of the
 * deletes. Every refusal is an {@link OsbError} naming the field; extra fields are ignored, as
 * the spec asks ("Vendor Extension Fields").
 */
public final class OsbRequests {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private OsbRequests() {
    }

    /**
     * A provision request.
     *
     * @param parameters canonical JSON text of {@code parameters} ({@code {}} when absent): what
     *                   "identical" compares
     */
    public record Provision(String serviceId, String planId, String parameters) {
    }

    /** A bind request; {@code appGuid} from {@code bind_resource.app_guid} or the older {@code app_guid}, may be null. */
    public record Bind(String serviceId, String planId, String appGuid, String parameters) {
    }

    /** {@code X-Broker-API-Version}: any 2.x; else 412, as the spec's "API Version Header". */
    public static void checkVersion(String header) {
        if (header == null || header.isBlank()) {
            throw new OsbError(412, "PreconditionFailed", "the X-Broker-API-Version header is missing; this broker speaks"
                    + " Open Service Broker API 2.x (send X-Broker-API-Version: 2.17)");
        }
        if (!header.strip().matches("2\\.[0-9]{1,4}")) {
            throw new OsbError(412, "PreconditionFailed", "X-Broker-API-Version " + header.strip()
                    + " is not supported; this broker speaks Open Service Broker API 2.x (2.17)");
        }
    }

    /** An id from the path: 1-255 of RFC 3986's unreserved characters (the spec's recommendation). */
    public static String id(String what, String value) {
        if (value == null || !value.matches("[A-Za-z0-9._~-]{1,255}")) {
            throw OsbError.badRequest(what + " must be 1 to 255 letters, digits or . _ ~ -");
        }
        return value;
    }

    public static Provision provision(String body) {
        JsonNode root = object(body);
        String service = serviceId(root);
        String plan = planId(root);
        optionalText(root, "organization_guid");
        optionalText(root, "space_guid");
        if (root.has("context") && !root.get("context").isObject()) {
            throw OsbError.badRequest("context must be an object");
        }
        return new Provision(service, plan, parameters(root));
    }

    public static Bind bind(String body) {
        JsonNode root = object(body);
        String service = serviceId(root);
        String plan = planId(root);
        String app = optionalText(root, "app_guid");
        if (root.has("bind_resource") && !root.get("bind_resource").isNull()) {
            JsonNode r = root.get("bind_resource");
            if (!r.isObject()) {
                throw OsbError.badRequest("bind_resource must be an object");
            }
            String fromResource = optionalText(r, "app_guid", "bind_resource.app_guid");
            if (fromResource != null) {
                app = fromResource;
            }
        }
        return new Bind(service, plan, app, parameters(root));
    }

    /** The {@code service_id} and {@code plan_id} a delete must name (query parameters), checked against the catalog. */
    public static void deleteQuery(Map<String, String> query) {
        for (String field : List.of("service_id", "plan_id")) {
            String v = query.get(field);
            if (v == null || v.isEmpty()) {
                throw OsbError.badRequest("the query parameter " + field + " is required");
            }
        }
        checkIds(query.get("service_id"), query.get("plan_id"));
    }

    private static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            throw OsbError.badRequest("the request body is empty; send a JSON object with service_id and plan_id");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw OsbError.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw OsbError.badRequest("the request body must be a JSON object");
        }
        return root;
    }

    private static String serviceId(JsonNode root) {
        String v = requiredText(root, "service_id");
        if (!Catalog.SERVICE_ID.equals(v)) {
            throw OsbError.badRequest("service_id " + v + " is not in this broker's catalog (postgresql is "
                    + Catalog.SERVICE_ID + ")");
        }
        return v;
    }

    private static String planId(JsonNode root) {
        String v = requiredText(root, "plan_id");
        if (!Catalog.PLAN_ID.equals(v)) {
            throw OsbError.badRequest("plan_id " + v + " is not a plan of postgresql (small is " + Catalog.PLAN_ID + ")");
        }
        return v;
    }

    private static void checkIds(String service, String plan) {
        if (!Catalog.SERVICE_ID.equals(service)) {
            throw OsbError.badRequest("service_id " + service + " is not in this broker's catalog");
        }
        if (!Catalog.PLAN_ID.equals(plan)) {
            throw OsbError.badRequest("plan_id " + plan + " is not a plan of postgresql");
        }
    }

    private static String requiredText(JsonNode root, String field) {
        String v = optionalText(root, field);
        if (v == null) {
            throw OsbError.badRequest(field + " is required");
        }
        return v;
    }

    private static String optionalText(JsonNode root, String field) {
        return optionalText(root, field, field);
    }

    private static String optionalText(JsonNode root, String field, String path) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw OsbError.badRequest(path + " must be a non-empty string");
        }
        return n.asText();
    }

    /** The plan takes no parameters: an object with keys is 422, anything but an object 400. */
    private static String parameters(JsonNode root) {
        JsonNode p = root.get("parameters");
        if (p == null || p.isNull()) {
            return "{}";
        }
        if (!p.isObject()) {
            throw OsbError.badRequest("parameters must be an object");
        }
        if (p.size() > 0) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            throw new OsbError(422, "InvalidParameters", "parameters: plan small takes no parameters, got "
                    + String.join(", ", keys));
        }
        return "{}";
    }
}
