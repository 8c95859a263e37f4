package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.SecretBox;
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
 * every credential (user-provided instances', managed bindings'), broker password and revision
 * snapshot sealed with one of {@code paas.services.previous-keys}
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
        int instances = 0;
        for (ServiceInstanceEntity s : ServiceInstanceEntity.<ServiceInstanceEntity>list("credentials is not null")) {
            if (!b.isCurrent(s.credentials)) {
                s.credentials = b.seal(b.open(s.credentials));
                instances++;
            }
        }
        int revisions = 0;
        for (RevisionEntity r : RevisionEntity.<RevisionEntity>list("services is not null")) {
            if (!b.isCurrent(r.services)) {
                r.services = b.seal(b.open(r.services));
                revisions++;
            }
        }
        int brokers = 0;
        for (ServiceBrokerEntity s : ServiceBrokerEntity.<ServiceBrokerEntity>listAll()) {
            if (!b.isCurrent(s.password)) {
                s.password = b.seal(b.open(s.password));
                brokers++;
            }
        }
        int bindings = 0;
        for (ServiceBindingEntity s : ServiceBindingEntity.<ServiceBindingEntity>list("credentials is not null")) {
            if (!b.isCurrent(s.credentials)) {
                s.credentials = b.seal(b.open(s.credentials));
                bindings++;
            }
        }
        if (instances + revisions + brokers + bindings > 0) {
            LOG.infof("services.key-rotated service_instances=%d revisions=%d service_brokers=%d service_bindings=%d",
                    instances, revisions, brokers, bindings);
        }
    }
}
