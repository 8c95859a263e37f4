package dev.paas.pushrules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads Cloud Foundry manifests unchanged, for {@code paas push} and the dashboard's push page
 * alike, so both give the same answer to the same file. Every message says where:
 * {@code manifest.yml, line 4, column 13: ...}. Unknown attributes become warnings, never silence
 * and never a failure, as in {@code cf}; what paas cannot do ({@code inherit},
 * top-level application attributes) is refused, saying so.
 * {@code ((name))} in any value is replaced from the vars; every missing var is named.
 */
public final class ManifestReader {

    /** Application attributes paas reads, in the order the README lists them. */
    public static final List<String> APP_ATTRIBUTES = List.of("name", "path", "memory", "disk_quota", "instances",
            "command", "env", "routes", "random-route", "no-route", "health-check-type", "health-check-http-endpoint",
            "timeout", "buildpacks", "buildpack", "stack", "processes", "host", "hosts", "domain", "domains",
            "no-hostname", "services", "docker", "idle-timeout", "clones");
    /** What a process may set; a {@code type: web} process's attributes apply to the app. */
    static final List<String> PROCESS_ATTRIBUTES = List.of("type", "command", "instances", "memory", "disk_quota",
            "health-check-type", "health-check-http-endpoint", "timeout");
    /** Cloud Foundry v6's route components, deprecated in favour of {@code routes}. */
    static final List<String> ROUTE_COMPONENTS = List.of("domain", "domains", "host", "hosts", "no-hostname");
    /** cf CLI v6's warning, word for word, when a manifest uses {@link #ROUTE_COMPONENTS}. */
    static final String ROUTE_COMPONENTS_DEPRECATED = "Deprecation warning: Route component attributes 'domain', "
            + "'domains', 'host', 'hosts' and 'no-hostname' are deprecated. Found: %s. Please see "
            + "http://docs.cloudfoundry.org/devguide/deploy-apps/manifest.html#deprecated for the currently supported "
            + "syntax and other app manifest deprecations. This feature will be removed in the future.";

    private static final Pattern VAR = Pattern.compile("\\(\\(([A-Za-z0-9_.-]+)\\)\\)");
    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");
    private static final Set<String> TOP_LEVEL_REFUSED = new LinkedHashSet<>(List.of("services", "docker", "env",
            "buildpack", "buildpacks", "memory", "instances", "command", "path", "routes", "disk_quota", "stack",
            "timeout", "host", "hosts", "domain", "domains", "no-hostname", "random-route", "no-route",
            "health-check-type", "health-check-http-endpoint", "name", "processes"));

    private final String source;
    private final Map<String, String> vars;
    private final Function<String, String> howToSetVar;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final YamlTree tree;

    private ManifestReader(String source, Map<String, String> vars, Function<String, String> howToSetVar) {
        this.source = source;
        this.vars = vars;
        this.howToSetVar = howToSetVar;
        this.tree = new YamlTree(source, errors);
    }

    /**
     * Reads {@code text}. Throws {@link ManifestException} with every problem found (malformed YAML
     * and broken size limits stop at the first, with its line and column).
     *
     * @param source      the name for messages (usually the file name as the user gave it)
     * @param dir         the manifest's directory, kept for relative paths (null: none)
     * @param vars        values of {@code ((name))}
     * @param howToSetVar for a missing var's name, how the user gives it a value (ends the message);
     *                    null: a missing var is no error and stays as written ({@code ((name))}), for
     *                    a caller that reads only some attributes and checks those itself
     */
    public static Manifest read(String source, String dir, String text, Map<String, String> vars,
                                Function<String, String> howToSetVar) {
        ManifestReader r = new ManifestReader(source, vars == null ? Map.of() : vars, howToSetVar);
        Node root = r.tree.compose(text);
        if (howToSetVar != null) {
            r.checkVars(root);
        }
        List<AppManifest> apps = r.applications(root);
        if (!r.errors.isEmpty()) {
            throw new ManifestException(r.errors);
        }
        return new Manifest(source, dir, apps, r.warnings);
    }

    /** Reads a vars file ({@code --vars-file}): a YAML mapping of names to scalar values. */
    public static Map<String, String> readVars(String source, String text) {
        ManifestReader r = new ManifestReader(source, Map.of(), n -> "");
        Node root = r.tree.compose(text);
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null) {
            return out;
        }
        if (!(root instanceof MappingNode m)) {
            throw new ManifestException(r.tree.at(root) + ": a vars file is a mapping of names to values, e.g. "
                    + "'port: 8080'");
        }
        for (NodeTuple t : m.getValue()) {
            String key = YamlTree.rawScalar(t.getKeyNode());
            if (t.getValueNode() instanceof ScalarNode s) {
                out.put(key, s.getValue());
            } else {
                r.errors.add(r.tree.at(t.getValueNode()) + ": " + key + ": a var must be a single value (text or "
                        + "number)");
            }
        }
        if (!r.errors.isEmpty()) {
            throw new ManifestException(r.errors);
        }
        return out;
    }

    private void checkVars(Node root) {
        Set<String> missing = new LinkedHashSet<>();
        String[] first = {null};
        YamlTree.walk(root, s -> {
            Matcher m = VAR.matcher(s.getValue());
            while (m.find()) {
                if (!vars.containsKey(m.group(1)) && missing.add(m.group(1)) && first[0] == null) {
                    first[0] = tree.at(s);
                }
            }
        });
        if (!missing.isEmpty()) {
            String names = String.join(", ", missing.stream().map(n -> "((" + n + "))").toList());
            throw new ManifestException(first[0] + ": no value for " + names + "; "
                    + howToSetVar.apply(missing.iterator().next()));
        }
    }

    private List<AppManifest> applications(Node root) {
        List<AppManifest> apps = new ArrayList<>();
        if (root == null) {
            errors.add(source + ": is empty; a manifest has an 'applications' list, e.g. "
                    + "'applications: [{name: my-app}]'");
            return apps;
        }
        Map<String, NodeTuple> top = tree.mapping(root, "the manifest");
        if (top == null) {
            return apps;
        }
        for (Map.Entry<String, NodeTuple> e : top.entrySet()) {
            String key = e.getKey();
            String at = tree.at(e.getValue().getKeyNode());
            if (key.equals("inherit")) {
                errors.add(at + ": inherit: is not supported, as in cf CLI v7 (manifest inheritance was removed); "
                        + "copy the attributes in, or share them with a YAML anchor (&defaults, <<: *defaults)");
            } else if (TOP_LEVEL_REFUSED.contains(key)) {
                errors.add(at + ": top-level attribute '" + key + "' is not supported, as in cf CLI v7 (global "
                        + "attributes were removed); move it into each application, or share it with a YAML anchor "
                        + "(&defaults, <<: *defaults)");
            } else if (!key.equals("applications") && !key.equals("version")) {
                warnings.add(at + ": unknown attribute '" + key + "' is ignored");
            }
        }
        NodeTuple list = top.get("applications");
        if (list == null) {
            errors.add(tree.at(root) + ": has no 'applications' list");
            return apps;
        }
        if (!(list.getValueNode() instanceof SequenceNode seq)) {
            errors.add(tree.at(list.getValueNode()) + ": applications: must be a list, each entry starting with "
                    + "'- name:'");
            return apps;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            AppManifest app = new AppReader(this, seq.getValue().get(i), i).read();
            if (app != null) {
                apps.add(app);
            }
        }
        if (apps.isEmpty() && errors.isEmpty()) {
            errors.add(tree.at(list.getValueNode()) + ": applications: is empty");
        }
        return apps;
    }

    // ---- typed access to one mapping's attributes, shared by AppReader ----

    YamlTree tree() {
        return tree;
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    void error(String error) {
        errors.add(error);
    }

    String string(Map<String, NodeTuple> attrs, String key) {
        NodeTuple t = attrs.get(key);
        if (t == null || YamlTree.isNull(t.getValueNode())) {
            return null;
        }
        if (t.getValueNode() instanceof ScalarNode s) {
            return substitute(s.getValue());
        }
        errors.add(tree.at(t.getValueNode()) + ": " + key + ": must be a single value, not a list or mapping");
        return null;
    }

    Integer integer(Map<String, NodeTuple> attrs, String key) {
        String s = string(attrs, key);
        if (s == null) {
            return null;
        }
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            errors.add(tree.at(attrs.get(key).getValueNode()) + ": " + key + ": '" + Names.abbreviate(s)
                    + "' is not a whole number");
            return null;
        }
    }

    Boolean bool(Map<String, NodeTuple> attrs, String key) {
        String s = string(attrs, key);
        if (s == null) {
            return null;
        }
        String v = s.strip().toLowerCase(Locale.ROOT);
        if (TRUE.contains(v)) {
            return true;
        }
        if (FALSE.contains(v)) {
            return false;
        }
        errors.add(tree.at(attrs.get(key).getValueNode()) + ": " + key + ": '" + Names.abbreviate(s)
                + "' is not true or false");
        return null;
    }

    List<String> stringList(Map<String, NodeTuple> attrs, String key, String example) {
        NodeTuple t = attrs.get(key);
        if (t == null || YamlTree.isNull(t.getValueNode())) {
            return null;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            errors.add(tree.at(t.getValueNode()) + ": " + key + ": must be a list, e.g. " + example);
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            if (n instanceof ScalarNode s && !YamlTree.isNull(s)) {
                out.add(substitute(s.getValue()));
            } else {
                errors.add(tree.at(n) + ": " + key + ": each entry must be a name");
            }
        }
        return out;
    }

    String substitute(String value) {
        Matcher m = VAR.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
