package dev.paas.pushrules;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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
 * A YAML 1.2 document as a node tree (not Java maps), so that every message can say where, with
 * the limits that keep a hostile manifest small: nesting, aliases of collections (alias bombs),
 * merge-key depth (a mapping that merges itself) and the number of merged mappings.
 */
final class YamlTree {

    /** Lists and mappings inside each other; a manifest needs 5, the YAML reader recurses per level. */
    static final int MAX_DEPTH = 64;
    /** Merge keys ({@code <<}) inside merged mappings. */
    static final int MAX_MERGE_DEPTH = 8;
    /** Aliases ({@code *name}) of lists and mappings in one manifest: what makes an alias bomb. */
    static final int MAX_COLLECTION_ALIASES = 50;
    /** Mappings merged with merge keys in one manifest: aliases let a few merge keys fan out into millions. */
    static final int MAX_MERGES = 1000;

    private final String source;
    private final List<String> errors;
    private int mergesDone;

    YamlTree(String source, List<String> errors) {
        this.source = source;
        this.errors = errors;
    }

    /** The document's root, null when empty; malformed YAML and broken limits throw at once. */
    Node compose(String text) {
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
            throw new ManifestException(where + ": malformed YAML: " + what);
        } catch (YamlEngineException e) {
            if (String.valueOf(e.getMessage()).contains("aliases")) {
                throw new ManifestException(source + ": more than " + MAX_COLLECTION_ALIASES + " aliases (*name) of "
                        + "lists or mappings; a manifest needs a few");
            }
            throw new ManifestException(source + ": malformed YAML: " + e.getMessage());
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
                    throw new ManifestException(e.getStartMark().map(this::at).orElse(source) + ": lists and mappings "
                            + "are nested more than " + MAX_DEPTH + " deep; a manifest needs a few levels");
                }
            } else if (id == Event.ID.SequenceEnd || id == Event.ID.MappingEnd) {
                depth--;
            }
        }
    }

    /**
     * Visits every scalar once. Aliases share nodes: each node is visited once however often it is
     * referred to (an alias bomb stays small) and a node that contains itself ends the path.
     */
    static void walk(Node root, Consumer<ScalarNode> visit) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> todo = new ArrayDeque<>();
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

    /** The tuples of a mapping by key (merge keys {@code <<} applied); null and an error if not a mapping. */
    Map<String, NodeTuple> mapping(Node node, String what) {
        return mapping(node, what, 0);
    }

    private Map<String, NodeTuple> mapping(Node node, String what, int merges) {
        if (!(node instanceof MappingNode m)) {
            errors.add(at(node) + ": " + what + ": must be a mapping of 'attribute: value'");
            return null;
        }
        if (merges > MAX_MERGE_DEPTH) {
            // A mapping that merges itself (&a {<<: *a}) or a chain of merges longer than anyone writes.
            throw new ManifestException(at(node) + ": " + what + ": merge keys (<<) nest more than " + MAX_MERGE_DEPTH
                    + " deep or merge a mapping into itself");
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        Map<String, NodeTuple> merged = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = rawScalar(t.getKeyNode());
            if (key.equals("<<")) {
                mergeInto(merged, t.getValueNode(), what, merges + 1);
            } else if (out.putIfAbsent(key, t) != null) {
                errors.add(at(t.getKeyNode()) + ": '" + Names.abbreviate(key) + "' appears twice in " + what);
            }
        }
        merged.forEach(out::putIfAbsent);
        return out;
    }

    private void mergeInto(Map<String, NodeTuple> merged, Node value, String what, int merges) {
        if (value instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> mergeInto(merged, n, what, merges));
        } else {
            if (++mergesDone > MAX_MERGES) {
                throw new ManifestException(at(value) + ": " + what + ": more than " + MAX_MERGES + " mappings merged "
                        + "with merge keys (<<); aliases multiply them");
            }
            String label = what.endsWith(" (merge key <<)") ? what : what + " (merge key <<)";
            Map<String, NodeTuple> m = mapping(value, label, merges);
            if (m != null) {
                m.forEach(merged::putIfAbsent);
            }
        }
    }

    static String rawScalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : "?";
    }

    static boolean isNull(Node node) {
        if (node instanceof ScalarNode s && s.isPlain()) {
            String v = s.getValue();
            return v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL");
        }
        return false;
    }

    String at(Node node) {
        return node == null ? source : node.getStartMark().map(this::at).orElse(source);
    }

    String at(Mark mark) {
        return source + ", line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }
}
