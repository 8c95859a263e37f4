package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.model.MarketplaceView;
import java.util.Optional;

/**
 * Where the marketplace page reads the brokers' offerings: the same service
 * {@code GET /v1/marketplace} calls ({@link BrokerMarketplacePort}), through this small door so
 * tests can show the pages with other offerings or none. Called on request threads.
 */
public interface MarketplacePort {

    /** Every offering with its plans; empty when this control plane has no service brokers at all. */
    Optional<MarketplaceView> offerings(Caller caller);
}
