package dev.paas.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cloud Foundry's {@code VCAP_SERVICES}: bound instances grouped by label (a managed instance's
 * offering, or {@code user-provided}), a managed one's entry with its {@code plan}, each entry with
 * Cloud Foundry's fields for a user-provided instance ({@code label}, {@code name} — the binding
 * name when one was given —, {@code instance_name}, {@code binding_name} (null when none),
 * {@code credentials}, {@code syslog_drain_url}, {@code volume_mounts}, {@code tags},
 * {@code instance_guid}, {@code binding_guid}), in binding order.
 */
public final class VcapServices {

    public static final String USER_PROVIDED = "user-provided";
    private static final ObjectMapper JSON = new ObjectMapper();

    private VcapServices() {
    }

    /**
     * One binding, with its credentials in clear (a user-provided instance's, or those the broker
     * made for a managed binding). {@code label}: {@code user-provided} or the managed instance's
     * offering; {@code plan}: the managed instance's plan (null: user-provided, no {@code plan} key).
     */
    public record Bound(String label, String plan, String instanceName, String bindingName, Map<String, Object> credentials,
                        String syslogDrainUrl, List<String> tags, String instanceGuid, String bindingGuid) {

        /** A user-provided instance's binding. */
        public Bound(String label, String instanceName, String bindingName, Map<String, Object> credentials,
                     String syslogDrainUrl, List<String> tags, String instanceGuid, String bindingGuid) {
            this(label, null, instanceName, bindingName, credentials, syslogDrainUrl, tags, instanceGuid, bindingGuid);
        }
    }

    public static String of(List<Bound> bindings) {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (Bound b : bindings) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("label", b.label());
            if (b.plan() != null) {
                e.put("plan", b.plan());
            }
            e.put("name", b.bindingName() != null ? b.bindingName() : b.instanceName());
            e.put("instance_name", b.instanceName());
            e.put("binding_name", b.bindingName());
            e.put("credentials", b.credentials());
            e.put("syslog_drain_url", b.syslogDrainUrl());
            e.put("volume_mounts", List.of());
            e.put("tags", b.tags());
            e.put("instance_guid", b.instanceGuid());
            e.put("binding_guid", b.bindingGuid());
            out.computeIfAbsent(b.label(), k -> new ArrayList<>()).add(e);
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("VCAP_SERVICES", e);
        }
    }
}
