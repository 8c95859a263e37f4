package dev.paas.pushrules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * An app's {@code services:}: a list whose entries are names or maps of {@code name},
 * {@code parameters} (a map) and {@code binding_name}, as the cf CLI v7 reads it. A name given
 * twice is an error (Cloud Foundry would bind once and fail the second).
 */
final class ServicesReader {

    private static final Set<String> KEYS = Set.of("name", "parameters", "binding_name");
    private final ManifestReader r;
    private final YamlTree tree;

    ServicesReader(ManifestReader r) {
        this.r = r;
        this.tree = r.tree();
    }

    List<ServiceBinding> read(Map<String, NodeTuple> attrs, String label) {
        NodeTuple t = attrs.get("services");
        if (t == null || YamlTree.isNull(t.getValueNode())) {
            return null;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            r.error(tree.at(t.getValueNode()) + ": services: must be a list of service instance names (- my-db) or "
                    + "of maps (- name: my-db)");
            return null;
        }
        List<ServiceBinding> out = new ArrayList<>();
        for (Node entry : seq.getValue()) {
            ServiceBinding b = entry instanceof ScalarNode s ? named(s) : mapped(entry, label);
            if (b == null) {
                continue;
            }
            if (out.stream().anyMatch(o -> o.name().equals(b.name()))) {
                r.error(b.location() + ": services: '" + Names.abbreviate(b.name()) + "' is listed twice for " + label);
            } else {
                out.add(b);
            }
        }
        return out;
    }

    private ServiceBinding named(ScalarNode s) {
        String name = YamlTree.isNull(s) ? "" : r.substitute(s.getValue()).strip();
        if (name.isEmpty()) {
            r.error(tree.at(s) + ": services: an entry is empty; write a service instance's name");
            return null;
        }
        return new ServiceBinding(name, null, null, tree.at(s));
    }

    private ServiceBinding mapped(Node entry, String label) {
        Map<String, NodeTuple> m = tree.mapping(entry, "services");
        if (m == null) {
            return null;
        }
        m.forEach((k, v) -> {
            if (!KEYS.contains(k)) {
                r.warn(tree.at(v.getKeyNode()) + ": unknown attribute '" + k + "' of a service of " + label + " is ignored");
            }
        });
        String name = r.string(m, "name");
        if (name == null || name.isBlank()) {
            r.error(tree.at(entry) + ": services: each map needs 'name: SERVICE_INSTANCE'");
            return null;
        }
        Map<String, Object> parameters = null;
        NodeTuple p = m.get("parameters");
        if (p != null && !YamlTree.isNull(p.getValueNode())) {
            if (p.getValueNode() instanceof MappingNode) {
                @SuppressWarnings("unchecked")
                Map<String, Object> value = (Map<String, Object>) plain(p.getValueNode());
                parameters = value;
            } else {
                r.error(tree.at(p.getValueNode()) + ": services: parameters of '" + Names.abbreviate(name)
                        + "' must be a map, e.g. parameters: {key: value}");
            }
        }
        String bindingName = r.string(m, "binding_name");
        return new ServiceBinding(name.strip(), parameters, bindingName, tree.at(entry));
    }

    /** A node as plain Java values: maps, lists, strings, numbers, booleans, null (as JSON will carry them). */
    private Object plain(Node node) {
        if (node instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : tree.mapping(m, "parameters").values()) {
                out.put(YamlTree.rawScalar(t.getKeyNode()), plain(t.getValueNode()));
            }
            return out;
        }
        if (node instanceof SequenceNode s) {
            return s.getValue().stream().map(this::plain).toList();
        }
        ScalarNode s = (ScalarNode) node;
        if (YamlTree.isNull(s)) {
            return null;
        }
        String v = r.substitute(s.getValue());
        Tag tag = s.getTag();
        try {
            if (Tag.INT.equals(tag)) {
                return Long.parseLong(v);
            }
            if (Tag.FLOAT.equals(tag)) {
                return Double.parseDouble(v);
            }
        } catch (NumberFormatException e) {
            return v;
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.parseBoolean(v);
        }
        return v;
    }
}
