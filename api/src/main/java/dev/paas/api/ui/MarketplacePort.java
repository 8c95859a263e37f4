package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.model.MarketplaceView;
import java.util.Optional;

/**
 * Where the marketplace page reads the brokers' offerings: the same service
 * {@code GET /v1/marketplace} calls, through this small door so the dashboard also runs on a
 * control plane without brokers ({@link NoMarketplace}). Called on request threads.
 */
public interface MarketplacePort {

    /** Every offering with its plans; empty when this control plane has no service brokers at all. */
    Optional<MarketplaceView> offerings(Caller caller);
}
