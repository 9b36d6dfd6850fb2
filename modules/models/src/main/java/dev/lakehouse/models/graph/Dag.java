package dev.lakehouse.models.graph;

import dev.lakehouse.models.ModelsException;
import dev.lakehouse.models.project.Node;
import dev.lakehouse.models.project.Project;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The project's graph: each node's parents (the nodes and sources it reads) and children, as dbt's parent_map and
 * child_map. Sources are vertices too (selectors walk through them) but never run.
 */
public final class Dag {
    private final Map<String, Set<String>> parents = new LinkedHashMap<>();
    private final Map<String, Set<String>> children = new LinkedHashMap<>();
    private final Map<String, Integer> order = new HashMap<>();

    private Dag() {
    }

    /**
     * The graph of a project's enabled nodes.
     *
     * @throws ModelsException naming the models of a cycle
     */
    public static Dag of(Project project) {
        Dag dag = new Dag();
        project.sources().keySet().forEach(id -> dag.vertex(id));
        project.nodes().keySet().forEach(id -> dag.vertex(id));
        for (Node node : project.nodes().values()) {
            for (String parent : node.dependsOn()) {
                dag.vertex(parent);
                dag.parents.get(node.uniqueId()).add(parent);
                dag.children.get(parent).add(node.uniqueId());
            }
        }
        List<String> cycle = dag.findCycle();
        if (!cycle.isEmpty()) {
            Node first = project.node(cycle.getFirst());
            List<String> names = new ArrayList<>();
            cycle.forEach(id -> names.add(project.node(id) == null ? id : project.node(id).name()));
            throw ModelsException.in(first == null ? null : first.originalFilePath(), first == null ? 0 : refLine(first, cycle.get(1), project),
                    "models depend on each other in a circle: " + String.join(" -> ", names)
                            + " (a model cannot read, through its refs, its own output)");
        }
        return dag;
    }

    private static int refLine(Node node, String parentId, Project project) {
        Node parent = project.node(parentId);
        if (parent != null) {
            for (var call : node.refs()) {
                if (call.args().getLast().equals(parent.name())) {
                    return call.line();
                }
            }
        }
        return 0;
    }

    private void vertex(String id) {
        if (!parents.containsKey(id)) {
            order.put(id, order.size());
            parents.put(id, new LinkedHashSet<>());
            children.put(id, new LinkedHashSet<>());
        }
    }

    public Set<String> parents(String id) {
        return parents.getOrDefault(id, Set.of());
    }

    public Set<String> children(String id) {
        return children.getOrDefault(id, Set.of());
    }

    public Map<String, Set<String>> parentMap() {
        return parents;
    }

    public Map<String, Set<String>> childMap() {
        return children;
    }

    /** Ancestors within {@code depth} steps (-1: all), not including the node itself. */
    public Set<String> ancestors(String id, int depth) {
        return walk(id, depth, parents);
    }

    public Set<String> descendants(String id, int depth) {
        return walk(id, depth, children);
    }

    private static Set<String> walk(String start, int depth, Map<String, Set<String>> edges) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> frontier = new ArrayDeque<>(List.of(start));
        for (int level = 0; (depth < 0 || level < depth) && !frontier.isEmpty(); level++) {
            Deque<String> next = new ArrayDeque<>();
            for (String id : frontier) {
                for (String other : edges.getOrDefault(id, Set.of())) {
                    if (seen.add(other)) {
                        next.add(other);
                    }
                }
            }
            frontier = next;
        }
        seen.remove(start);
        return seen;
    }

    /** The given vertices, each after every one of its ancestors among them; see {@link #sorted(Collection, Map)}. */
    public List<String> sorted(Collection<String> ids) {
        return sorted(ids, Map.of());
    }

    /**
     * The given vertices, each after every one of its ancestors among them (an ancestor outside them still orders
     * them) and after its {@code extraParents}; among the ready ones, the shallowest in the graph first (seeds and
     * models over sources before what reads them, as dbt's queue does), then the project's file order.
     */
    public List<String> sorted(Collection<String> ids, Map<String, Set<String>> extraParents) {
        Set<String> wanted = new LinkedHashSet<>(ids);
        Map<String, Set<String>> before = new HashMap<>();
        for (String id : wanted) {
            Set<String> parents = new LinkedHashSet<>();
            Deque<String> frontier = new ArrayDeque<>(parents(id));
            Set<String> seen = new java.util.HashSet<>();
            while (!frontier.isEmpty()) {
                String parent = frontier.poll();
                if (!seen.add(parent)) {
                    continue;
                }
                if (wanted.contains(parent)) {
                    parents.add(parent);
                } else {
                    frontier.addAll(parents(parent));
                }
            }
            for (String extra : extraParents.getOrDefault(id, Set.of())) {
                if (wanted.contains(extra) && !extra.equals(id)) {
                    parents.add(extra);
                }
            }
            before.put(id, parents);
        }
        Map<String, Integer> levels = new HashMap<>();
        java.util.PriorityQueue<String> ready = new java.util.PriorityQueue<>((a, b) -> {
            int byLevel = Integer.compare(level(a, levels), level(b, levels));
            return byLevel != 0 ? byLevel : Integer.compare(order.get(a), order.get(b));
        });
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<String>> after = new HashMap<>();
        for (String id : wanted) {
            waiting.put(id, before.get(id).size());
            before.get(id).forEach(parent -> after.computeIfAbsent(parent, p -> new ArrayList<>()).add(id));
            if (before.get(id).isEmpty()) {
                ready.add(id);
            }
        }
        List<String> sorted = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            sorted.add(id);
            for (String next : after.getOrDefault(id, List.of())) {
                if (waiting.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        return sorted;
    }

    /** The longest path from a vertex with no parents but sources (0) to this one. */
    private int level(String id, Map<String, Integer> levels) {
        Integer known = levels.get(id);
        if (known != null) {
            return known;
        }
        int level = 0;
        for (String parent : parents(id)) {
            if (!parent.startsWith("source.")) {
                level = Math.max(level, level(parent, levels) + 1);
            }
        }
        levels.put(id, level);
        return level;
    }

    /** One cycle, as a path whose last element is its first; empty when there is none. */
    private List<String> findCycle() {
        Map<String, Integer> state = new HashMap<>();
        for (String start : parents.keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Deque<java.util.Iterator<String>> iterators = new ArrayDeque<>();
            path.push(start);
            iterators.push(parents.get(start).iterator());
            state.put(start, 1);
            while (!path.isEmpty()) {
                java.util.Iterator<String> it = iterators.peek();
                if (it.hasNext()) {
                    String next = it.next();
                    Integer seen = state.get(next);
                    if (seen == null) {
                        state.put(next, 1);
                        path.push(next);
                        iterators.push(parents.getOrDefault(next, Set.of()).iterator());
                    } else if (seen == 1) {
                        List<String> cycle = new ArrayList<>();
                        for (String id : path) {
                            cycle.add(id);
                            if (id.equals(next)) {
                                break;
                            }
                        }
                        // path runs child -> parent; a cycle reads best as "a reads b reads a"
                        java.util.Collections.reverse(cycle);
                        cycle.add(cycle.getFirst());
                        java.util.Collections.reverse(cycle);
                        return cycle;
                    }
                } else {
                    state.put(path.pop(), 2);
                    iterators.pop();
                }
            }
        }
        return List.of();
    }
}
