package dev.paas.model;

import java.util.List;

/**
 * One offering of {@code GET /v1/marketplace}: a service of a broker's catalog and its plans, as
 * {@code cf marketplace} lists them.
 */
public record MarketplaceOfferingView(String offering, String description, String broker, List<String> tags, boolean bindable,
                                      List<Plan> plans) {

    /** A plan of the offering; {@code free} false is Cloud Foundry's "paid". */
    public record Plan(String name, String description, boolean free) {
    }
}
