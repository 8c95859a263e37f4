package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.model.MarketplaceView;
import java.util.Optional;

/** A {@link MarketplacePort} of a control plane without service brokers (tests hand it to {@link TestPorts}). */
final class NoMarketplace implements MarketplacePort {

    @Override
    public Optional<MarketplaceView> offerings(Caller caller) {
        return Optional.empty();
    }
}
