package dev.paas.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The env an instance receives at launch (never baked into its image): the app's env of the
 * instance's revision, then what Cloud Foundry's platform sets, which wins over an app variable of
 * the same name. The node agent adds {@code CF_INSTANCE_IP}, {@code CF_INSTANCE_PORT} and
 * {@code CF_INSTANCE_ADDR} (only it knows the host port); the init adds {@code PORT}.
 *
 * <p>Cloud Foundry names things by GUID; paas has numeric ids, so the GUIDs here are name-based
 * UUIDs of them: stable across restarts and control planes, distinct per app, space, revision
 * and instance. There are no organisations yet, so {@code VCAP_APPLICATION} has no
 * {@code organization_*} fields.
 */
public final class LaunchEnvironment {

    /** Cloud Foundry's default disk quota (MiB) when the app set none. */
    public static final int DEFAULT_DISK_MB = 1024;
    /** Cloud Foundry's default file descriptor limit, as VCAP_APPLICATION reports it. */
    public static final int FDS = 16384;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LaunchEnvironment() {
    }

    /**
     * What the platform knows of the app one instance runs.
     *
     * @param uris      the app's routes as {@code host[/path]}, in a stable order
     * @param diskMb    the disk quota, null when none was set
     * @param revision  the revision's id (its application_version)
     */
    public record App(long id, String name, long spaceId, String spaceName, List<String> uris, int memoryMb,
                      Integer diskMb, long revision) {
        public App {
            uris = List.copyOf(uris);
        }
    }

    /** The whole env of instance {@code index} (id {@code instanceId}) running {@code appEnv}. */
    public static Map<String, String> of(Map<String, String> appEnv, App app, int index, long instanceId) {
        return of(appEnv, app, index, instanceId, "{}");
    }

    /** As above, with the revision's {@code VCAP_SERVICES} (its bindings' snapshot, {@link VcapServices}). */
    public static Map<String, String> of(Map<String, String> appEnv, App app, int index, long instanceId, String vcapServices) {
        Map<String, String> env = new LinkedHashMap<>(appEnv);
        String instanceGuid = guid("instance", instanceId);
        env.put("CF_INSTANCE_INDEX", Integer.toString(index));
        env.put("CF_INSTANCE_GUID", instanceGuid);
        env.put("MEMORY_LIMIT", app.memoryMb() + "m");
        env.put("VCAP_APPLICATION", vcapApplication(app, index, instanceGuid));
        env.put("VCAP_SERVICES", vcapServices == null ? "{}" : vcapServices);
        env.put("PAAS_APP", app.name());
        env.put("PAAS_SPACE", app.spaceName());
        env.put("PAAS_INSTANCE_INDEX", Integer.toString(index));
        return env;
    }

    /** Cloud Foundry's {@code VCAP_APPLICATION} JSON. */
    public static String vcapApplication(App app, int index, String instanceGuid) {
        String appGuid = guid("app", app.id());
        String version = guid("revision", app.revision());
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("disk", app.diskMb() == null ? DEFAULT_DISK_MB : app.diskMb());
        limits.put("fds", FDS);
        limits.put("mem", app.memoryMb());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("application_id", appGuid);
        v.put("application_name", app.name());
        v.put("application_uris", app.uris());
        v.put("application_version", version);
        v.put("host", "0.0.0.0");
        v.put("instance_id", instanceGuid);
        v.put("instance_index", index);
        v.put("limits", limits);
        v.put("name", app.name());
        v.put("process_id", appGuid);
        v.put("process_type", "web");
        v.put("space_id", guid("space", app.spaceId()));
        v.put("space_name", app.spaceName());
        v.put("uris", app.uris());
        v.put("users", null);
        v.put("version", version);
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("VCAP_APPLICATION", e);
        }
    }

    /** A stable GUID for paas object {@code kind} number {@code id}. */
    public static String guid(String kind, long id) {
        return UUID.nameUUIDFromBytes(("paas:" + kind.toLowerCase(Locale.ROOT) + ":" + id).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
