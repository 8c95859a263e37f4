package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.model.MarketplaceView;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The {@link MarketplacePort} of a control plane without service brokers: any other implementation replaces it. */
@DefaultBean
@ApplicationScoped
public class NoMarketplace implements MarketplacePort {

    @Override
    public Optional<MarketplaceView> offerings(Caller caller) {
        return Optional.empty();
    }
}
