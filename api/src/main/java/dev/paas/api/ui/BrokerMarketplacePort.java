package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.api.service.ServiceBrokerService;
import dev.paas.model.MarketplaceView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The marketplace page reads the offerings through the service {@code GET /v1/marketplace} calls. */
@ApplicationScoped
@io.quarkus.arc.Unremovable
public class BrokerMarketplacePort implements MarketplacePort {

    private final ServiceBrokerService brokers;

    public BrokerMarketplacePort(ServiceBrokerService brokers) {
        this.brokers = brokers;
    }

    @Override
    public Optional<MarketplaceView> offerings(Caller caller) {
        return Optional.of(brokers.marketplace(caller, null));
    }
}
