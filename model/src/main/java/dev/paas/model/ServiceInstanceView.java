package dev.paas.model;

import java.time.Instant;
import java.util.List;

/**
 * A service instance as the API shows it: the credentials' keys, never their values (those come
 * only from {@code .../credentials}), and the apps bound to it.
 *
 * @param type     Cloud Foundry's label: {@code user-provided}
 * @param guid     the instance_guid apps see in VCAP_SERVICES
 */
public record ServiceInstanceView(String name, String type, String guid, List<String> credentialKeys,
                                  String syslogDrainUrl, List<String> tags, List<ServiceBindingView> bindings,
                                  Instant createdAt, Instant updatedAt) {
}
