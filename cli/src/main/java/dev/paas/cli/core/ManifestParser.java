package dev.paas.cli.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads Cloud Foundry manifests unchanged. Works on the YAML node tree (not on Java maps) so that
 * every message can say where: {@code manifest.yml, line 4, column 13: ...}. Unknown or
 * unsupported attributes become warnings, never silence and never a failure, as in {@code cf}.
 * {@code ((name))} in any value is replaced from the vars; every missing var is named.
 */
public final class ManifestParser {

    /** Cloud Foundry attributes paas understands, in the order the README lists them. */
    public static final List<String> APP_ATTRIBUTES = List.of("name", "path", "memory", "instances", "command", "env",
            "routes", "random-route", "no-route", "health-check-type", "health-check-http-endpoint", "timeout",
            "buildpacks");

    private static final Pattern VAR = Pattern.compile("\\(\\(([A-Za-z0-9_.-]+)\\)\\)");
    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");
    /** Lists and mappings inside each other; a manifest needs 5, the YAML reader recurses per level. */
    static final int MAX_DEPTH = 64;
    /** Merge keys ({@code <<}) inside merged mappings, as the API's PushManifest allows. */
    static final int MAX_MERGE_DEPTH = 8;
    /** Aliases ({@code *name}) of lists and mappings in one manifest: what makes an alias bomb. */
    static final int MAX_COLLECTION_ALIASES = 50;

    private final String source;
    private final Map<String, String> vars;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    /** Mappings merged so far: aliases let a few merge keys fan out into millions. */
    private int mergesDone;

    private ManifestParser(String source, Map<String, String> vars) {
        this.source = source;
        this.vars = vars;
    }

    /**
     * Parses {@code text}. Throws {@link InputException} with every problem found (malformed YAML
     * stops at the first, with its line and column).
     *
     * @param source the name for messages (usually the file name as the user gave it)
     * @param dir    the manifest's directory, kept for relative paths
     */
    public static Manifest parse(String source, String dir, String text, Map<String, String> vars) {
        ManifestParser p = new ManifestParser(source, vars == null ? Map.of() : vars);
        Node root = p.compose(text);
        p.checkVars(root);
        List<AppManifest> apps = p.applications(root);
        if (!p.errors.isEmpty()) {
            throw new InputException(p.errors);
        }
        return new Manifest(source, dir, apps, List.copyOf(p.warnings));
    }

    /** Parses a {@code --vars-file}: a YAML mapping of names to scalar values. */
    public static Map<String, String> parseVars(String source, String text) {
        ManifestParser p = new ManifestParser(source, Map.of());
        Node root = p.compose(text);
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null) {
            return out;
        }
        if (!(root instanceof MappingNode m)) {
            throw new InputException(p.at(root) + ": a vars file is a mapping of names to values, e.g. 'port: 8080'");
        }
        for (NodeTuple t : m.getValue()) {
            String key = p.rawScalar(t.getKeyNode());
            if (t.getValueNode() instanceof ScalarNode s) {
                out.put(key, s.getValue());
            } else {
                p.errors.add(p.at(t.getValueNode()) + ": " + key + ": a var must be a single value (text or number)");
            }
        }
        if (!p.errors.isEmpty()) {
            throw new InputException(p.errors);
        }
        return out;
    }

    private Node compose(String text) {
        String yaml = text == null ? "" : text;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(source)
                    .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES).build();
            checkDepth(settings, yaml);
            return new Compose(settings).composeString(yaml).orElse(null);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String where = mark.map(this::at).orElse(source);
            String what = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new InputException(where + ": malformed YAML: " + what);
        } catch (YamlEngineException e) {
            if (String.valueOf(e.getMessage()).contains("aliases")) {
                throw new InputException(source + ": more than " + MAX_COLLECTION_ALIASES + " aliases (*name) of lists or "
                        + "mappings; a manifest needs a few");
            }
            throw new InputException(source + ": malformed YAML: " + e.getMessage());
        }
    }

    /**
     * Refuses nesting deeper than {@link #MAX_DEPTH} before the tree is built: the parser's events
     * come one by one (no recursion), the composer would recurse once per level.
     */
    private void checkDepth(LoadSettings settings, String yaml) {
        int depth = 0;
        for (Event e : new Parse(settings).parseString(yaml)) {
            Event.ID id = e.getEventId();
            if (id == Event.ID.SequenceStart || id == Event.ID.MappingStart) {
                if (++depth > MAX_DEPTH) {
                    throw new InputException(e.getStartMark().map(this::at).orElse(source) + ": lists and mappings are "
                            + "nested more than " + MAX_DEPTH + " deep; a manifest needs a few levels");
                }
            } else if (id == Event.ID.SequenceEnd || id == Event.ID.MappingEnd) {
                depth--;
            }
        }
    }

    private void checkVars(Node root) {
        Set<String> missing = new LinkedHashSet<>();
        String[] first = {null};
        walk(root, s -> {
            Matcher m = VAR.matcher(s.getValue());
            while (m.find()) {
                if (!vars.containsKey(m.group(1)) && missing.add(m.group(1)) && first[0] == null) {
                    first[0] = at(s);
                }
            }
        });
        if (!missing.isEmpty()) {
            String names = String.join(", ", missing.stream().map(n -> "((" + n + "))").toList());
            String example = missing.iterator().next();
            throw new InputException(first[0] + ": no value for " + names + "; pass --var " + example
                    + "=VALUE or --vars-file FILE");
        }
    }

    /**
     * Visits every scalar once. Aliases share nodes: each node is visited once however often it is
     * referred to (an alias bomb stays small) and a node that contains itself ends the path.
     */
    private static void walk(Node root, java.util.function.Consumer<ScalarNode> visit) {
        Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        if (root != null) {
            todo.push(root);
        }
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            if (!seen.add(node)) {
                continue;
            }
            // Pushed last to first, so that scalars are visited in document order.
            if (node instanceof ScalarNode s) {
                visit.accept(s);
            } else if (node instanceof SequenceNode seq) {
                for (int i = seq.getValue().size() - 1; i >= 0; i--) {
                    todo.push(seq.getValue().get(i));
                }
            } else if (node instanceof MappingNode m) {
                for (int i = m.getValue().size() - 1; i >= 0; i--) {
                    todo.push(m.getValue().get(i).getValueNode());
                    todo.push(m.getValue().get(i).getKeyNode());
                }
            }
        }
    }

    private List<AppManifest> applications(Node root) {
        List<AppManifest> apps = new ArrayList<>();
        if (root == null) {
            errors.add(source + ": is empty; a manifest has an 'applications' list");
            return apps;
        }
        Map<String, NodeTuple> top = mapping(root, "the manifest");
        if (top == null) {
            return apps;
        }
        for (Map.Entry<String, NodeTuple> e : top.entrySet()) {
            if (!e.getKey().equals("applications") && !e.getKey().equals("version")) {
                warnings.add(at(e.getValue().getKeyNode()) + ": unknown attribute '" + e.getKey() + "' is ignored");
            }
        }
        NodeTuple list = top.get("applications");
        if (list == null) {
            errors.add(at(root) + ": has no 'applications' list");
            return apps;
        }
        if (!(list.getValueNode() instanceof SequenceNode seq)) {
            errors.add(at(list.getValueNode()) + ": applications: must be a list, each entry starting with '- name:'");
            return apps;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            AppManifest app = application(seq.getValue().get(i), i);
            if (app != null) {
                apps.add(app);
            }
        }
        if (apps.isEmpty() && errors.isEmpty()) {
            errors.add(at(list.getValueNode()) + ": applications: is empty");
        }
        return apps;
    }

    private AppManifest application(Node node, int index) {
        Map<String, NodeTuple> attrs = mapping(node, "applications[" + index + "]");
        if (attrs == null) {
            return null;
        }
        Map<String, String> locations = new LinkedHashMap<>();
        attrs.forEach((k, t) -> locations.put(k, at(t.getValueNode())));
        String name = string(attrs, "name");
        String label = name != null ? "application '" + name + "'" : "applications[" + index + "]";
        for (Map.Entry<String, NodeTuple> e : attrs.entrySet()) {
            String key = e.getKey();
            if (!APP_ATTRIBUTES.contains(key)) {
                String why = key.equals("buildpack") ? "; write 'buildpacks: [" + rawScalar(e.getValue().getValueNode())
                        + "]'" : "";
                warnings.add(at(e.getValue().getKeyNode()) + ": unknown attribute '" + key + "' of " + label
                        + " is ignored" + why);
            }
        }
        List<String> routes = routes(attrs, locations);
        return new AppManifest(name, string(attrs, "path"), string(attrs, "memory"), integer(attrs, "instances"),
                string(attrs, "command"), env(attrs), routes, bool(attrs, "random-route"), bool(attrs, "no-route"),
                string(attrs, "health-check-type"), string(attrs, "health-check-http-endpoint"),
                integer(attrs, "timeout"), stringList(attrs, "buildpacks"), Map.copyOf(locations));
    }

    private List<String> routes(Map<String, NodeTuple> attrs, Map<String, String> locations) {
        NodeTuple t = attrs.get("routes");
        if (t == null || isNull(t.getValueNode())) {
            return null;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            errors.add(at(t.getValueNode()) + ": routes: must be a list of '- route: HOST[/PATH]'");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node entry : seq.getValue()) {
            Map<String, NodeTuple> route = mapping(entry, "routes");
            if (route == null) {
                continue;
            }
            route.forEach((k, v) -> {
                if (!k.equals("route")) {
                    warnings.add(at(v.getKeyNode()) + ": unknown attribute '" + k + "' of a route is ignored");
                }
            });
            String value = string(route, "route");
            if (value == null) {
                errors.add(at(entry) + ": routes: each entry needs 'route: HOST[/PATH]'");
            } else {
                locations.put("routes[" + out.size() + "]", at(route.get("route").getValueNode()));
                out.add(value);
            }
        }
        return out;
    }

    private Map<String, String> env(Map<String, NodeTuple> attrs) {
        NodeTuple t = attrs.get("env");
        if (t == null || isNull(t.getValueNode())) {
            return null;
        }
        Map<String, NodeTuple> vars = mapping(t.getValueNode(), "env");
        if (vars == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (v.getValueNode() instanceof ScalarNode s) {
                out.put(k, isNull(s) ? "" : substitute(s.getValue()));
            } else {
                errors.add(at(v.getValueNode()) + ": env." + k + ": must be text, a number or a boolean");
            }
        });
        return out;
    }

    /** The tuples of a mapping by key (merge keys {@code <<} applied); null and an error if not a mapping. */
    private Map<String, NodeTuple> mapping(Node node, String what) {
        return mapping(node, what, 0);
    }

    private Map<String, NodeTuple> mapping(Node node, String what, int merges) {
        if (!(node instanceof MappingNode m)) {
            errors.add(at(node) + ": " + what + ": must be a mapping of 'attribute: value'");
            return null;
        }
        if (merges > MAX_MERGE_DEPTH) {
            // A mapping that merges itself (&a {<<: *a}) or a chain of merges longer than anyone writes.
            throw new InputException(at(node) + ": " + what + ": merge keys (<<) nest more than " + MAX_MERGE_DEPTH
                    + " deep or merge a mapping into itself");
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        Map<String, NodeTuple> merged = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = rawScalar(t.getKeyNode());
            if (key.equals("<<")) {
                mergeInto(merged, t.getValueNode(), what, merges + 1);
            } else if (out.putIfAbsent(key, t) != null) {
                errors.add(at(t.getKeyNode()) + ": '" + key + "' appears twice in " + what);
            }
        }
        merged.forEach(out::putIfAbsent);
        return out;
    }

    private void mergeInto(Map<String, NodeTuple> merged, Node value, String what, int merges) {
        if (value instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> mergeInto(merged, n, what, merges));
        } else {
            if (++mergesDone > 1000) {
                throw new InputException(at(value) + ": " + what + ": more than 1000 mappings merged with merge keys "
                        + "(<<); aliases multiply them");
            }
            String label = what.endsWith(" (merge key <<)") ? what : what + " (merge key <<)";
            Map<String, NodeTuple> m = mapping(value, label, merges);
            if (m != null) {
                m.forEach(merged::putIfAbsent);
            }
        }
    }

    private String string(Map<String, NodeTuple> attrs, String key) {
        NodeTuple t = attrs.get(key);
        if (t == null || isNull(t.getValueNode())) {
            return null;
        }
        if (t.getValueNode() instanceof ScalarNode s) {
            return substitute(s.getValue());
        }
        errors.add(at(t.getValueNode()) + ": " + key + ": must be a single value, not a list or mapping");
        return null;
    }

    private Integer integer(Map<String, NodeTuple> attrs, String key) {
        String s = string(attrs, key);
        if (s == null) {
            return null;
        }
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            errors.add(at(attrs.get(key).getValueNode()) + ": " + key + ": '" + s + "' is not a whole number");
            return null;
        }
    }

    private Boolean bool(Map<String, NodeTuple> attrs, String key) {
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
        errors.add(at(attrs.get(key).getValueNode()) + ": " + key + ": '" + s + "' is not true or false");
        return null;
    }

    private List<String> stringList(Map<String, NodeTuple> attrs, String key) {
        NodeTuple t = attrs.get(key);
        if (t == null || isNull(t.getValueNode())) {
            return null;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            errors.add(at(t.getValueNode()) + ": " + key + ": must be a list, e.g. [java_buildpack]");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            if (n instanceof ScalarNode s && !isNull(s)) {
                out.add(substitute(s.getValue()));
            } else {
                errors.add(at(n) + ": " + key + ": each entry must be a name");
            }
        }
        return out;
    }

    private String rawScalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : "?";
    }

    private static boolean isNull(Node node) {
        if (node instanceof ScalarNode s && s.isPlain()) {
            String v = s.getValue();
            return v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL");
        }
        return false;
    }

    private String substitute(String value) {
        Matcher m = VAR.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(vars.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String at(Node node) {
        return node == null ? source : node.getStartMark().map(this::at).orElse(source);
    }

    private String at(Mark mark) {
        return source + ", line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }
}
