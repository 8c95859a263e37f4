package dev.paas.model;

import java.util.Map;

/** {@code POST /v1/node-pools} (admin). */
public record CreateNodePoolRequest(String name, Map<String, String> labels) {
}
