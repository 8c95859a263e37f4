package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.SecretBox;
import dev.paas.api.infra.PackageEntity;
import dev.paas.api.infra.PaasConfig;
import dev.paas.api.infra.RevisionEntity;
import dev.paas.api.infra.ServiceBindingEntity;
import dev.paas.api.infra.ServiceBrokerEntity;
import dev.paas.api.infra.ServiceInstanceEntity;
import dev.paas.model.ErrorCode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The services key ({@code paas.services.key}) as a {@link SecretBox}, and its rotation: at start,
 * every credential (user-provided instances', managed bindings'), broker password, revision
 * snapshot and docker registry password sealed with one of {@code paas.services.previous-keys}
 * is sealed again with the current key (in one transaction; a value no configured key opens stops
 * the start, saying which key sealed it).
 */
@ApplicationScoped
public class ServiceKeys {

    private static final Logger LOG = Logger.getLogger(ServiceKeys.class);
    private final Optional<SecretBox> box;

    public ServiceKeys(PaasConfig config) {
        this.box = config.services().key().filter(k -> !k.isBlank())
                .map(k -> new SecretBox(k, config.services().previousKeys().orElse(List.of())));
    }

    /** The box; a 409 naming the setting when the control plane has no key. */
    public SecretBox box() {
        return box.orElseThrow(() -> new ApiException(ErrorCode.CONFLICT, "this control plane has no services key, so it "
                + "cannot store credentials: its operator sets paas.services.key (PAAS_SERVICES_KEY), 16 characters or more"));
    }

    void onStart(@Observes StartupEvent start, ServiceKeys self) {
        self.rotate();
    }

    /** Re-seals with the current key whatever a previous key sealed; idempotent. Runs at start. */
    @Transactional
    public void rotate() {
        if (box.isEmpty()) {
            return;
        }
        SecretBox b = box.get();
        int instances = reseal(b, ServiceInstanceEntity.<ServiceInstanceEntity>list("credentials is not null"),
                s -> s.credentials, (s, v) -> s.credentials = v);
        int revisions = reseal(b, RevisionEntity.<RevisionEntity>list("services is not null"),
                r -> r.services, (r, v) -> r.services = v);
        int packages = reseal(b, PackageEntity.<PackageEntity>list("dockerPassword is not null"),
                p -> p.dockerPassword, (p, v) -> p.dockerPassword = v);
        int brokers = reseal(b, ServiceBrokerEntity.<ServiceBrokerEntity>listAll(), s -> s.password, (s, v) -> s.password = v);
        int bindings = reseal(b, ServiceBindingEntity.<ServiceBindingEntity>list("credentials is not null"),
                s -> s.credentials, (s, v) -> s.credentials = v);
        if (instances + revisions + packages + brokers + bindings > 0) {
            LOG.infof("services.key-rotated service_instances=%d revisions=%d docker_packages=%d service_brokers=%d "
                    + "service_bindings=%d", instances, revisions, packages, brokers, bindings);
        }
    }

    /** Seals again with the current key each sealed value of {@code rows} an older key sealed; how many. */
    private static <T> int reseal(SecretBox b, java.util.List<T> rows, java.util.function.Function<T, String> get,
                                  java.util.function.BiConsumer<T, String> set) {
        int n = 0;
        for (T row : rows) {
            String sealed = get.apply(row);
            if (sealed != null && !b.isCurrent(sealed)) {
                set.accept(row, b.seal(b.open(sealed)));
                n++;
            }
        }
        return n;
    }
}
