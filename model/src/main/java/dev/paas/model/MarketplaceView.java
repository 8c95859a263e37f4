package dev.paas.model;

import java.util.List;

/** {@code GET /v1/marketplace}: the offerings of every registered broker, as {@code cf marketplace}. */
public record MarketplaceView(List<Offering> items) {

    /** One offering with its plans; {@code broker} is the broker's name. */
    public record Offering(String offering, String description, String broker, List<String> tags, boolean bindable,
                           List<Plan> plans) {
    }

    public record Plan(String name, String description, boolean free) {
    }
}
