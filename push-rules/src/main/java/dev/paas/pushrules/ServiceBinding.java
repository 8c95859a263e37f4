package dev.paas.pushrules;

import java.util.Map;

/**
 * One entry of an app's {@code services:} in a manifest, in either of Cloud Foundry's forms: a
 * name ({@code - my-db}), or a map ({@code - name: my-db}, {@code parameters: {...}},
 * {@code binding_name: db}).
 *
 * @param parameters  binding parameters as written (YAML types kept), null when none
 * @param bindingName null when none
 * @param location    where the entry was written, for messages
 */
public record ServiceBinding(String name, Map<String, Object> parameters, String bindingName, String location) {
}
