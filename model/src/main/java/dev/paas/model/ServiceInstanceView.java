package dev.paas.model;

import java.time.Instant;
import java.util.List;

/**
 * A service instance as the API shows it: the credentials' keys, never their values (those come
 * only from {@code .../credentials}), and the apps bound to it.
 *
 * @param type          {@code user-provided} or {@code managed}
 * @param guid          the instance_guid apps see in VCAP_SERVICES (for a managed instance, the id
 *                      its broker knows it by)
 * @param credentialKeys a user-provided instance's credential keys; empty for a managed one (its
 *                      bindings hold credentials)
 * @param offering      a managed instance's offering (null for user-provided)
 * @param plan          a managed instance's plan (null for user-provided)
 * @param broker        the broker of a managed instance's offering (null for user-provided)
 * @param lastOperation what the broker last did with a managed instance (null for user-provided)
 */
public record ServiceInstanceView(String name, String type, String guid, List<String> credentialKeys,
                                  String syslogDrainUrl, List<String> tags, List<ServiceBindingView> bindings,
                                  Instant createdAt, Instant updatedAt, String offering, String plan, String broker,
                                  LastOperationView lastOperation) {

    /** A user-provided instance. */
    public ServiceInstanceView(String name, String type, String guid, List<String> credentialKeys,
                               String syslogDrainUrl, List<String> tags, List<ServiceBindingView> bindings,
                               Instant createdAt, Instant updatedAt) {
        this(name, type, guid, credentialKeys, syslogDrainUrl, tags, bindings, createdAt, updatedAt, null, null, null, null);
    }
}
