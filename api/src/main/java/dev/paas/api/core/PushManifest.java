package dev.paas.api.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * What the push page takes from a Cloud Foundry {@code manifest.yml}: one application's name,
 * memory, instances, buildpack, routes and {@code no-route}, validated as the API would. Read
 * from the YAML tree (YAML 1.2, as the CLI's manifest parser reads it), so a {@code name:} under {@code env:} is never taken for
 * the app's. The rest of the application (env, services, ...) is listed in {@code ignored}: it is
 * {@code paas push}'s. Every refusal is an {@link ApiException} on {@value #FIELD} that says
 * where (line, column) and what to fix.
 *
 * @param name         the application's name
 * @param memory       canonical size ({@code 1G}, {@code 256M}); null when the manifest has none
 * @param instances    null when the manifest has none
 * @param buildpack    one of {@link AppSpec#BUILDPACKS} ({@code java_buildpack} is read as {@code java}); null: detect
 * @param routes       {@code routes:} as {@code host[/path]}, lowercase, checked as the routes API checks them;
 *                     null when the manifest has none (the push then maps {@code NAME.<domain>}, as {@code paas push})
 * @param noRoute      {@code no-route: true}: map no route at all; null when the manifest does not say
 * @param applications every application's name, in manifest order
 * @param ignored      the application's attributes the push page does not use
 */
public record PushManifest(String name, String memory, Integer instances, String buildpack, List<String> routes,
                           Boolean noRoute, List<String> applications, List<String> ignored) {

    static final String FIELD = "manifest.yml";
    /** Manifests are a few hundred bytes; this bounds what a request can make us parse. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final Set<String> USED = Set.of("name", "memory", "instances", "buildpacks", "routes", "no-route");
    private static final Pattern VAR = Pattern.compile("\\(\\(([A-Za-z0-9_.-]+)\\)\\)");
    /** Merge keys ({@code <<}) may nest; an alias loop must not recurse for ever. */
    private static final int MAX_MERGE_DEPTH = 8;

    public PushManifest {
        routes = routes == null ? null : List.copyOf(routes);
        applications = List.copyOf(applications);
        ignored = List.copyOf(ignored);
    }

    /**
     * Reads {@code text}: its only application, or the one named {@code choice} (when the manifest
     * has several, one of them must be named; with one, {@code choice} is not needed).
     */
    public static PushManifest read(String text, String choice) {
        Node root = compose(text);
        if (root == null) {
            throw refused("is empty; a manifest has an 'applications' list, e.g. 'applications: [{name: my-app}]'");
        }
        NodeTuple list = mapping(root, "the manifest", 0).get("applications");
        if (list == null) {
            throw refused(at(root) + ": has no 'applications' list");
        }
        if (!(list.getValueNode() instanceof SequenceNode seq)) {
            throw refused(at(list.getValueNode()) + ": applications: must be a list, each entry starting with '- name:'");
        }
        if (seq.getValue().isEmpty()) {
            throw refused(at(seq) + ": applications: is empty");
        }
        List<Map<String, NodeTuple>> apps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node entry = seq.getValue().get(i);
            Map<String, NodeTuple> attrs = mapping(entry, "applications[" + i + "]", 0);
            String name = scalar(attrs, "name");
            if (name == null) {
                throw refused(at(entry) + ": applications[" + i + "] has no name");
            }
            apps.add(attrs);
            names.add(name);
        }
        int index = choice == null || choice.isBlank() ? -1 : names.indexOf(choice.strip());
        if (index < 0 && names.size() == 1) {
            index = 0;
        }
        if (index < 0) {
            throw refused("has " + names.size() + " applications (" + String.join(", ", names) + ")"
                    + (choice == null || choice.isBlank() ? "" : " and none is named '" + Names.abbreviate(choice.strip()) + "'")
                    + "; choose one: put its name in Name, then choose the manifest again");
        }
        return app(apps.get(index), names);
    }

    private static PushManifest app(Map<String, NodeTuple> attrs, List<String> names) {
        String name = valid(attrs, "name", v -> Names.dnsLabel("name", v));
        String memory = valid(attrs, "memory", v -> MemorySize.parse("memory", v).toString());
        Integer instances = valid(attrs, "instances", v -> {
            try {
                return AppSpec.instances(Integer.parseInt(v.strip()));
            } catch (NumberFormatException e) {
                throw ApiException.invalid("instances", "'" + v + "' is not a whole number");
            }
        });
        List<String> ignored = attrs.keySet().stream().filter(k -> !USED.contains(k)).toList();
        Boolean noRoute = valid(attrs, "no-route", v -> switch (v.strip()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiException.invalid("no-route", "'" + Names.abbreviate(v) + "' must be true or false");
        });
        return new PushManifest(name, memory, instances, buildpack(attrs), routes(attrs), noRoute, names, ignored);
    }

    /** {@code routes: [{route: shop.example.com/api}]} → {@code shop.example.com/api}, checked as {@link RouteSpec} checks. */
    private static List<String> routes(Map<String, NodeTuple> attrs) {
        NodeTuple t = attrs.get("routes");
        if (t == null || isNull(t.getValueNode())) {
            return null;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            throw refused(at(t.getValueNode()) + ": routes: must be a list, e.g. [{route: my-app.example.com}]");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node entry = seq.getValue().get(i);
            String where = "routes[" + i + "]";
            Map<String, NodeTuple> attributes = mapping(entry, where, 0);
            String route = scalar(attributes, "route");
            if (route == null) {
                throw refused(at(entry) + ": " + where + " has no 'route', e.g. '- route: my-app.example.com'");
            }
            ScalarNode value = (ScalarNode) attributes.get("route").getValueNode();
            noVars(value);
            String r = route.strip();
            int slash = r.indexOf('/');
            try {
                RouteSpec spec = slash < 0 ? RouteSpec.of(r, null) : RouteSpec.of(r.substring(0, slash), r.substring(slash));
                out.add(spec.host() + spec.path());
            } catch (ApiException e) {
                throw refused(at(value) + ": " + where + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** {@code buildpacks: [java_buildpack]} → {@code java}; paas stages with one buildpack. */
    private static String buildpack(Map<String, NodeTuple> attrs) {
        NodeTuple t = attrs.get("buildpacks");
        if (t == null || isNull(t.getValueNode())) {
            return null;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            throw refused(at(t.getValueNode()) + ": buildpacks: must be a list, e.g. [java_buildpack]");
        }
        if (seq.getValue().isEmpty()) {
            return null;
        }
        if (seq.getValue().size() > 1) {
            throw refused(at(seq) + ": buildpacks: paas stages with one buildpack; list one of java, native, static");
        }
        Node only = seq.getValue().get(0);
        if (!(only instanceof ScalarNode s) || isNull(s)) {
            throw refused(at(only) + ": buildpacks: each entry must be a name");
        }
        noVars(s);
        String bp = s.getValue().strip().toLowerCase(Locale.ROOT).replaceFirst("_buildpack$", "");
        if (!AppSpec.BUILDPACKS.contains(bp)) {
            throw refused(at(s) + ": buildpacks: '" + Names.abbreviate(s.getValue()) + "' is not one of java, native, static "
                    + "(or leave it out to detect)");
        }
        return bp;
    }

    /** The attribute's value through {@code check} (which throws the API's message); null when absent. */
    private static <T> T valid(Map<String, NodeTuple> attrs, String key, java.util.function.Function<String, T> check) {
        String value = scalar(attrs, key);
        if (value == null) {
            return null;
        }
        noVars((ScalarNode) attrs.get(key).getValueNode());
        try {
            return check.apply(value);
        } catch (ApiException e) {
            throw refused(at(attrs.get(key).getValueNode()) + ": " + e.getMessage());
        }
    }

    /** {@code ((var))} needs {@code --var} or {@code --vars-file}, which only the CLI takes. */
    private static void noVars(ScalarNode s) {
        Matcher m = VAR.matcher(s.getValue());
        if (m.find()) {
            throw refused(at(s) + ": ((" + m.group(1) + ")) needs a value; the push page takes no vars: "
                    + "write the value here or use paas push --var " + m.group(1) + "=VALUE");
        }
    }

    private static Node compose(String text) {
        try {
            Compose compose = new Compose(LoadSettings.builder().setLabel(FIELD).build());
            return compose.composeString(text == null ? "" : text).orElse(null);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String what = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw refused(mark.map(PushManifest::at).map(w -> w + ": ").orElse("") + "malformed YAML: " + what);
        } catch (YamlEngineException e) {
            throw refused("malformed YAML: " + e.getMessage());
        }
    }

    /** The tuples of a mapping by key, merge keys ({@code <<}) applied; refused when not a mapping. */
    private static Map<String, NodeTuple> mapping(Node node, String what, int depth) {
        if (!(node instanceof MappingNode m)) {
            throw refused(at(node) + ": " + what + ": must be a mapping of 'attribute: value'");
        }
        if (depth > MAX_MERGE_DEPTH) {
            throw refused(at(node) + ": " + what + ": merge keys (<<) nest too deep");
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        Map<String, NodeTuple> merged = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
            if (key.equals("<<")) {
                List<Node> sources = t.getValueNode() instanceof SequenceNode seq ? seq.getValue() : List.of(t.getValueNode());
                sources.forEach(n -> mapping(n, what + " (merge key <<)", depth + 1).forEach(merged::putIfAbsent));
            } else if (out.putIfAbsent(key, t) != null) {
                throw refused(at(t.getKeyNode()) + ": '" + Names.abbreviate(key) + "' appears twice in " + what);
            }
        }
        merged.forEach(out::putIfAbsent);
        return out;
    }

    private static String scalar(Map<String, NodeTuple> attrs, String key) {
        NodeTuple t = attrs.get(key);
        if (t == null || isNull(t.getValueNode())) {
            return null;
        }
        if (t.getValueNode() instanceof ScalarNode s) {
            return s.getValue();
        }
        throw refused(at(t.getValueNode()) + ": " + key + ": must be a single value, not a list or mapping");
    }

    private static boolean isNull(Node node) {
        if (node instanceof ScalarNode s && s.isPlain()) {
            String v = s.getValue();
            return v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL");
        }
        return false;
    }

    private static ApiException refused(String problem) {
        return ApiException.invalid(FIELD, problem);
    }

    private static String at(Node node) {
        return node.getStartMark().map(PushManifest::at).orElse("at the start");
    }

    private static String at(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }
}
