package dev.paas.pgbroker.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the broker offers: the offering {@code postgresql} with the one plan {@code small}. The
 * ids are fixed for ever (a platform recognises offerings and plans by id only, OSB "Catalog
 * Management").
 */
public final class Catalog {

    public static final String SERVICE_ID = "661e26b7-4aab-4949-b8f6-a0bd9b3e77c2";
    public static final String SERVICE_NAME = "postgresql";
    public static final String PLAN_ID = "4665c1b5-7b0b-4735-87c9-d93adb8ef693";
    public static final String PLAN_NAME = "small";

    private Catalog() {
    }

    /** The body of {@code GET /v2/catalog}. */
    public static Map<String, Object> body() {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("id", PLAN_ID);
        plan.put("name", PLAN_NAME);
        plan.put("description", "A database of its own on a shared PostgreSQL server; each binding a role of its own");
        plan.put("free", true);
        plan.put("bindable", true);
        plan.put("plan_updateable", false);
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("id", SERVICE_ID);
        service.put("name", SERVICE_NAME);
        service.put("description", "PostgreSQL databases, one per service instance");
        service.put("tags", List.of("postgresql", "relational"));
        service.put("bindable", true);
        service.put("instances_retrievable", false);
        service.put("bindings_retrievable", false);
        service.put("plan_updateable", false);
        service.put("metadata", Map.of("displayName", "PostgreSQL"));
        service.put("plans", List.of(plan));
        return Map.of("services", List.of(service));
    }
}
