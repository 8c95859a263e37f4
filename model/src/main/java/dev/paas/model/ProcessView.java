package dev.paas.model;

import java.util.List;

/**
 * One process type of an app as {@code paas app NAME} shows it ({@code type: web},
 * {@code type: worker}...): what it runs, how many, how big, and its instances (indexes count
 * per process type). Only {@code web} is routed.
 *
 * @param command      the start command; null for web when the buildpack's command is used
 * @param instanceList its instances by index, as {@code GET .../instances} gives web's
 * @param version      for a later {@link ProcessRequest} (the app's for web)
 */
public record ProcessView(String type, String command, int instances, String memory, String disk,
                          HealthCheck healthCheck, List<InstanceView> instanceList, long version) {
}
