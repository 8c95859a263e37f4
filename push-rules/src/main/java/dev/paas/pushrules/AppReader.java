package dev.paas.pushrules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One entry of {@code applications}: its attributes typed, singular {@code buildpack} read as a
 * one-entry {@code buildpacks}, a {@code type: web} process folded into the app, the other process types read, and the
 * deprecated route components ({@code host}, {@code domain}...) kept for the planner, with cf CLI
 * v6's warning.
 */
final class AppReader {

    private static final Set<String> PROCESS_ATTRIBUTES = Set.copyOf(ManifestReader.PROCESS_ATTRIBUTES);
    /** Route attributes, refused on a process other than web (which cannot have a route). */
    private static final Set<String> ROUTE_ATTRIBUTES = Set.of("routes", "route", "random-route", "no-route", "host",
            "hosts", "domain", "domains", "no-hostname");

    private final ManifestReader r;
    private final YamlTree tree;
    private final Node node;
    private final int index;

    AppReader(ManifestReader reader, Node node, int index) {
        this.r = reader;
        this.tree = reader.tree();
        this.node = node;
        this.index = index;
    }

    AppManifest read() {
        Map<String, NodeTuple> attrs = tree.mapping(node, "applications[" + index + "]");
        if (attrs == null) {
            return null;
        }
        Map<String, String> locations = new LinkedHashMap<>();
        locations.put(AppManifest.ENTRY, tree.at(node));
        attrs.forEach((k, t) -> locations.put(k, tree.at(t.getValueNode())));
        String name = r.string(attrs, "name");
        String label = name != null ? "application '" + name + "'" : "applications[" + index + "]";
        for (Map.Entry<String, NodeTuple> e : attrs.entrySet()) {
            String key = e.getKey();
            String at = tree.at(e.getValue().getKeyNode());
            if (!ManifestReader.APP_ATTRIBUTES.contains(key)) {
                r.warn(at + ": unknown attribute '" + key + "' of " + label + " is ignored");
            }
        }
        List<ProcessManifest> others = new ArrayList<>();
        Map<String, NodeTuple> web = processes(attrs, locations, others);
        Map<String, NodeTuple> merged = new LinkedHashMap<>(attrs);
        if (web != null) {
            web.forEach((k, t) -> {
                if (!k.equals("type")) {
                    merged.put(k, t);
                }
            });
        }
        List<String> buildpacks = buildpacks(attrs);
        List<String> routes = routes(attrs, locations);
        List<String> hosts = oneOrMany(attrs, "host", "hosts");
        List<String> domains = oneOrMany(attrs, "domain", "domains");
        Boolean noHostname = r.bool(attrs, "no-hostname");
        List<String> found = ManifestReader.ROUTE_COMPONENTS.stream().filter(attrs::containsKey).toList();
        if (!found.isEmpty()) {
            String at = tree.at(attrs.get(found.get(0)).getKeyNode());
            if (attrs.containsKey("routes")) {
                r.error(at + ": " + label + " has both 'routes' and '" + String.join("', '", found) + "'; "
                        + "write every route under routes");
            } else {
                r.warn(at + ": " + String.format(ManifestReader.ROUTE_COMPONENTS_DEPRECATED, String.join(", ", found)));
            }
        }
        return new AppManifest(name, r.string(attrs, "path"), r.string(merged, "memory"),
                r.string(merged, "disk_quota"), r.integer(merged, "instances"), r.string(merged, "command"),
                env(attrs), routes, r.bool(attrs, "random-route"), r.bool(attrs, "no-route"),
                r.string(merged, "health-check-type"), r.string(merged, "health-check-http-endpoint"),
                r.integer(merged, "timeout"), buildpacks, r.string(attrs, "stack"), hosts, domains, noHostname,
                List.copyOf(attrs.keySet()), Map.copyOf(locations), new ServicesReader(r).read(attrs, label), others,
                docker(attrs, label), idleTimeout(attrs), r.bool(attrs, "clones"));
    }

    /**
     * Reads {@code docker: {image:, username:}}. An app is an image or bits, so {@code docker} with
     * {@code path} or a buildpack is refused, as cf refuses the combination.
     */
    private DockerManifest docker(Map<String, NodeTuple> attrs, String label) {
        NodeTuple t = attrs.get("docker");
        if (t == null || YamlTree.isNull(t.getValueNode())) {
            return null;
        }
        Map<String, NodeTuple> d = tree.mapping(t.getValueNode(), "docker");
        if (d == null) {
            return null;
        }
        d.forEach((k, v) -> {
            if (k.equals("password")) {
                r.error(tree.at(v.getKeyNode()) + ": docker.password: a manifest holds no password; set "
                        + "PAAS_DOCKER_PASSWORD (or CF_DOCKER_PASSWORD) in the environment of paas push");
            } else if (!k.equals("image") && !k.equals("username")) {
                r.warn(tree.at(v.getKeyNode()) + ": unknown attribute 'docker." + k + "' of " + label + " is ignored");
            }
        });
        String image = r.string(d, "image");
        if (image == null) {
            r.error(tree.at(t.getValueNode()) + ": docker.image: is required (e.g. docker: {image: "
                    + "registry.example.com/team/app:1.0})");
        }
        for (String other : List.of("path", "buildpacks", "buildpack")) {
            if (attrs.containsKey(other)) {
                r.error(tree.at(attrs.get(other).getKeyNode()) + ": " + label + " has both docker and " + other
                        + ": an app runs either an image or bits staged by a buildpack; remove one of them");
            }
        }
        return new DockerManifest(image, r.string(d, "username"));
    }

    /**
     * Reads {@code processes}: returns the {@code type: web} process's attributes (they apply to
     * the app) and adds every other type to {@code others}.
     */
    private Map<String, NodeTuple> processes(Map<String, NodeTuple> attrs, Map<String, String> locations,
                                             List<ProcessManifest> others) {
        NodeTuple t = attrs.get("processes");
        if (t == null || YamlTree.isNull(t.getValueNode())) {
            return null;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            r.error(tree.at(t.getValueNode()) + ": processes: must be a list, each entry starting with '- type: NAME' "
                    + "(web, worker...)");
            return null;
        }
        Map<String, NodeTuple> web = null;
        Set<String> seen = new HashSet<>();
        for (Node entry : seq.getValue()) {
            Map<String, NodeTuple> p = tree.mapping(entry, "processes");
            if (p == null) {
                continue;
            }
            String type = r.string(p, "type");
            if (type == null) {
                r.error(tree.at(entry) + ": processes: each entry needs a type ('type: web', 'type: worker'...)");
                continue;
            }
            type = type.strip();
            Optional<String> problem = ProcessTypes.problem(type);
            if (problem.isPresent()) {
                r.error(tree.at(p.get("type").getValueNode()) + ": processes: type " + problem.get());
                continue;
            }
            if (!seen.add(type)) {
                r.error(tree.at(entry) + ": processes: 'type: " + type + "' appears twice");
                continue;
            }
            Map<String, String> where = ProcessTypes.WEB.equals(type) ? locations : new LinkedHashMap<>();
            String label = type;
            p.forEach((k, v) -> {
                if (!ProcessTypes.WEB.equals(label) && ROUTE_ATTRIBUTES.contains(k)) {
                    r.error(tree.at(v.getKeyNode()) + ": processes[" + label + "]." + k + ": only web is routed; a "
                            + label + " process has no route (write routes on the application)");
                } else if (!PROCESS_ATTRIBUTES.contains(k)) {
                    r.warn(tree.at(v.getKeyNode()) + ": unknown attribute '" + k + "' of process " + label + " is ignored");
                } else {
                    where.put(k, tree.at(v.getValueNode()));
                }
            });
            if (ProcessTypes.WEB.equals(type)) {
                web = p;
            } else {
                others.add(new ProcessManifest(type, r.string(p, "command"), r.integer(p, "instances"),
                        r.string(p, "memory"), r.string(p, "disk_quota"), r.string(p, "health-check-type"),
                        r.string(p, "health-check-http-endpoint"), r.integer(p, "timeout"), Map.copyOf(where)));
            }
        }
        return web;
    }

    /** {@code idle-timeout: 20s} (paas's scale to zero): refused here, with what to write, when it is not a duration. */
    private String idleTimeout(Map<String, NodeTuple> attrs) {
        String text = r.string(attrs, "idle-timeout");
        if (text != null) {
            IdleTimeout.Result parsed = IdleTimeout.parse(text);
            if (parsed.error() != null) {
                r.error(tree.at(attrs.get("idle-timeout").getValueNode()) + ": idle-timeout: " + parsed.error());
                return null;
            }
        }
        return text;
    }

    /** {@code buildpacks: [a]} or, as 40% of manifests write it, {@code buildpack: a}. */
    private List<String> buildpacks(Map<String, NodeTuple> attrs) {
        List<String> plural = r.stringList(attrs, "buildpacks", "[java_buildpack]");
        if (!attrs.containsKey("buildpack")) {
            return plural;
        }
        if (attrs.containsKey("buildpacks")) {
            r.error(tree.at(attrs.get("buildpack").getKeyNode()) + ": 'buildpack' and 'buildpacks' are both written; "
                    + "keep one");
            return plural;
        }
        String one = r.string(attrs, "buildpack");
        return one == null ? null : List.of(one);
    }

    /** {@code host: a} or {@code hosts: [a, b]} (both: their union, as cf v6). */
    private List<String> oneOrMany(Map<String, NodeTuple> attrs, String one, String many) {
        String single = r.string(attrs, one);
        List<String> list = r.stringList(attrs, many, "[" + one + "-a, " + one + "-b]");
        if (single == null && list == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (single != null) {
            out.add(single);
        }
        if (list != null) {
            list.stream().filter(x -> !out.contains(x)).forEach(out::add);
        }
        return out;
    }

    private List<String> routes(Map<String, NodeTuple> attrs, Map<String, String> locations) {
        NodeTuple t = attrs.get("routes");
        if (t == null || YamlTree.isNull(t.getValueNode())) {
            return null;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            r.error(tree.at(t.getValueNode()) + ": routes: must be a list of '- route: HOST[/PATH]'");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node entry : seq.getValue()) {
            Map<String, NodeTuple> route = tree.mapping(entry, "routes");
            if (route == null) {
                continue;
            }
            route.forEach((k, v) -> {
                if (!k.equals("route")) {
                    r.warn(tree.at(v.getKeyNode()) + ": unknown attribute '" + k + "' of a route is ignored");
                }
            });
            String value = r.string(route, "route");
            if (value == null) {
                r.error(tree.at(entry) + ": routes: each entry needs 'route: HOST[/PATH]'");
            } else {
                locations.put("routes[" + out.size() + "]", tree.at(route.get("route").getValueNode()));
                out.add(value);
            }
        }
        return out;
    }

    private Map<String, String> env(Map<String, NodeTuple> attrs) {
        NodeTuple t = attrs.get("env");
        if (t == null || YamlTree.isNull(t.getValueNode())) {
            return null;
        }
        Map<String, NodeTuple> vars = tree.mapping(t.getValueNode(), "env");
        if (vars == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (v.getValueNode() instanceof ScalarNode s) {
                out.put(k, YamlTree.isNull(s) ? "" : r.substitute(s.getValue()));
            } else {
                r.error(tree.at(v.getValueNode()) + ": env." + k + ": must be text, a number or a boolean");
            }
        });
        return out;
    }
}
