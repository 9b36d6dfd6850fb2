package dev.lakehouse.models.graph;

import dev.lakehouse.models.ModelsException;
import dev.lakehouse.models.project.Node;
import dev.lakehouse.models.project.NodeType;
import dev.lakehouse.models.project.Project;
import dev.lakehouse.models.project.SourceTable;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dbt's node selection: {@code [@][N+]method:value[+N]} specs, a space between specs is a union, a comma inside a
 * spec an intersection; {@code --exclude} takes the same grammar away. Without a method, a value with a slash is a
 * path, one ending in .sql/.csv a file, anything else an FQN (a model's name, or a dotted folder prefix like
 * staging.stripe). Tests come along with the nodes they test (dbt's "eager" indirect selection).
 */
public final class Selector {
    private static final Pattern SPEC = Pattern.compile("^(?<at>@)?(?:(?<up>\\d*)\\+)?(?<body>.*?)(?:\\+(?<down>\\d*))?$");

    private final Project project;
    private final Dag dag;

    public Selector(Project project, Dag dag) {
        this.project = project;
        this.dag = dag;
    }

    /**
     * The unique ids selected (nodes and sources).
     *
     * @param select  specs; empty selects everything
     * @param exclude specs to take away
     * @throws ModelsException for a spec dbt would refuse
     */
    public Set<String> select(List<String> select, List<String> exclude) {
        Set<String> selected = new LinkedHashSet<>();
        if (select.isEmpty()) {
            selected.addAll(project.nodes().keySet());
            selected.addAll(project.sources().keySet());
        } else {
            for (String spec : specs(select)) {
                selected.addAll(intersection(spec));
            }
        }
        for (String spec : specs(exclude)) {
            selected.removeAll(intersection(spec));
        }
        return selected;
    }

    private static List<String> specs(List<String> given) {
        List<String> specs = new ArrayList<>();
        for (String group : given) {
            for (String spec : group.trim().split("\\s+")) {
                if (!spec.isEmpty()) {
                    specs.add(spec);
                }
            }
        }
        return specs;
    }

    private Set<String> intersection(String spec) {
        Set<String> result = null;
        for (String part : spec.split(",")) {
            // as dbt: each part brings its tests along before the parts are intersected
            Set<String> matched = withTests(one(part));
            if (result == null) {
                result = new LinkedHashSet<>(matched);
            } else {
                result.retainAll(matched);
            }
        }
        return result == null ? Set.of() : result;
    }

    /** A test whose parents include a selected node is selected too. */
    private Set<String> withTests(Set<String> selected) {
        Set<String> result = new LinkedHashSet<>(selected);
        for (Node node : project.nodes().values()) {
            if (node.type() == NodeType.TEST && node.dependsOn().stream().anyMatch(selected::contains)) {
                result.add(node.uniqueId());
            }
        }
        return result;
    }

    private Set<String> one(String spec) {
        Matcher matcher = SPEC.matcher(spec);
        if (!matcher.matches() || matcher.group("body").isEmpty()) {
            throw ModelsException.of("cannot read the selector '" + spec + "'");
        }
        boolean at = matcher.group("at") != null;
        String up = matcher.group("up");
        String down = matcher.group("down");
        if (at && (up != null || down != null)) {
            throw ModelsException.of("selector '" + spec + "': @ cannot be combined with +");
        }
        Set<String> matched = match(matcher.group("body"));
        Set<String> result = new LinkedHashSet<>(matched);
        for (String id : matched) {
            if (up != null) {
                result.addAll(dag.ancestors(id, up.isEmpty() ? -1 : Integer.parseInt(up)));
            }
            if (down != null) {
                result.addAll(dag.descendants(id, down.isEmpty() ? -1 : Integer.parseInt(down)));
            }
            if (at) {
                Set<String> descendants = new LinkedHashSet<>(dag.descendants(id, -1));
                descendants.add(id);
                result.addAll(descendants);
                for (String descendant : descendants) {
                    result.addAll(dag.ancestors(descendant, -1));
                }
            }
        }
        return result;
    }

    private Set<String> match(String body) {
        String method;
        String value;
        int colon = body.indexOf(':');
        if (colon > 0) {
            method = body.substring(0, colon);
            value = body.substring(colon + 1);
        } else if (body.contains("/") || body.contains("\\")) {
            method = "path";
            value = body;
        } else if (body.matches(".*\\.(sql|py|csv)$")) {
            method = "file";
            value = body;
        } else {
            method = "fqn";
            value = body;
        }
        Set<String> matched = new LinkedHashSet<>();
        if (method.startsWith("config.")) {
            String key = method.substring("config.".length());
            for (Node node : project.nodes().values()) {
                Object configured = node.config().get(key);
                if (configured instanceof List<?> list ? list.stream().anyMatch(item -> same(item, value)) : same(configured, value)) {
                    matched.add(node.uniqueId());
                }
            }
            return matched;
        }
        switch (method) {
            case "fqn" -> project.nodes().values().stream().filter(node -> fqnMatches(node.fqn(), value))
                    .forEach(node -> matched.add(node.uniqueId()));
            case "tag" -> {
                project.nodes().values().stream().filter(node -> node.config().tags().stream().anyMatch(tag -> glob(value, tag)))
                        .forEach(node -> matched.add(node.uniqueId()));
                project.sources().values().stream().filter(source -> source.tags().stream().anyMatch(tag -> glob(value, tag)))
                        .forEach(source -> matched.add(source.uniqueId()));
            }
            case "path" -> {
                String path = value.replace('\\', '/').replaceAll("/+$", "");
                PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + path);
                project.nodes().values().stream().filter(node -> pathMatches(node.originalFilePath(), node.patchPath(), path, glob))
                        .forEach(node -> matched.add(node.uniqueId()));
                project.sources().values().stream().filter(source -> pathMatches(source.file(), null, path, glob))
                        .forEach(source -> matched.add(source.uniqueId()));
            }
            case "file" -> project.nodes().values().stream().filter(node -> {
                String name = Path.of(node.originalFilePath()).getFileName().toString();
                String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
                return glob(value, name) || glob(value, stem);
            }).forEach(node -> matched.add(node.uniqueId()));
            case "resource_type" -> {
                NodeType type = switch (value.toLowerCase(Locale.ROOT)) {
                    case "model" -> NodeType.MODEL;
                    case "seed" -> NodeType.SEED;
                    case "test" -> NodeType.TEST;
                    case "source" -> NodeType.SOURCE;
                    case "snapshot", "analysis", "exposure", "metric", "semantic_model", "saved_query", "unit_test", "function" -> null;
                    default -> throw ModelsException.of("resource_type:" + value + " is not a resource type (model, seed, test, source, snapshot...)");
                };
                if (type == NodeType.SOURCE) {
                    matched.addAll(project.sources().keySet());
                } else if (type != null) {
                    project.nodes().values().stream().filter(node -> node.type() == type).forEach(node -> matched.add(node.uniqueId()));
                }
            }
            case "package" -> {
                if (glob(value, project.name())) {
                    matched.addAll(project.nodes().keySet());
                    matched.addAll(project.sources().keySet());
                }
            }
            case "source" -> {
                String[] parts = value.split("\\.");
                if (parts.length > 3) {
                    throw ModelsException.of("source:" + value + ": a source selector is source, source.table or package.source.table");
                }
                String pkg = parts.length == 3 ? parts[0] : "*";
                String source = parts[parts.length == 3 ? 1 : 0];
                String table = parts.length >= 2 ? parts[parts.length - 1] : "*";
                for (SourceTable candidate : project.sources().values()) {
                    if (glob(pkg, project.name()) && glob(source, candidate.sourceName()) && glob(table, candidate.name())) {
                        matched.add(candidate.uniqueId());
                    }
                }
            }
            case "test_type" -> {
                boolean generic = switch (value) {
                    case "generic", "schema" -> true;
                    case "singular", "data" -> false;
                    default -> throw ModelsException.of("test_type:" + value + ": generic or singular");
                };
                project.nodes().values().stream().filter(node -> node.type() == NodeType.TEST && node.isGenericTest() == generic)
                        .forEach(node -> matched.add(node.uniqueId()));
            }
            case "test_name" -> project.nodes().values().stream()
                    .filter(node -> node.isGenericTest() && glob(value, node.testMetadata().name()))
                    .forEach(node -> matched.add(node.uniqueId()));
            case "state", "result", "source_status" -> throw ModelsException.of(method + ": selectors need a previous run's artifacts (--state), which are not supported");
            case "exposure", "metric", "group", "access", "version", "semantic_model", "saved_query", "unit_test" -> {
                // nothing of these kinds is read: nothing matches
            }
            default -> throw ModelsException.of("unknown selector method '" + method + ":' in '" + body
                    + "' (fqn, tag, path, file, resource_type, config.KEY, package, source, test_type, test_name)");
        }
        return matched;
    }

    private static boolean same(Object configured, String value) {
        if (configured == null) {
            return false;
        }
        return String.valueOf(configured).equalsIgnoreCase(value);
    }

    /** dbt's is_selected_node over the FQN with and without the project's name in front. */
    static boolean fqnMatches(List<String> fqn, String selector) {
        return fqnMatchesFrom(fqn, selector) || fqnMatchesFrom(fqn.subList(1, fqn.size()), selector);
    }

    private static boolean fqnMatchesFrom(List<String> fqn, String selector) {
        if (fqn.isEmpty()) {
            return false;
        }
        if (glob(selector, fqn.getLast())) {
            return true;
        }
        List<String> flat = new ArrayList<>();
        fqn.forEach(part -> flat.addAll(List.of(part.split("\\."))));
        String[] parts = selector.split("\\.");
        if (flat.size() < parts.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("*")) {
                return true;
            }
            if (!glob(parts[i], flat.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean pathMatches(String file, String patch, String path, PathMatcher glob) {
        if (file == null) {
            return false;
        }
        if (file.equals(path) || file.startsWith(path + "/") || glob.matches(Path.of(file)) || (patch != null && patch.equals(path))) {
            return true;
        }
        for (Path parent = Path.of(file).getParent(); parent != null; parent = parent.getParent()) {
            if (glob.matches(parent)) {
                return true;
            }
        }
        return false;
    }

    /** fnmatch: * any run, ? one character, [abc] a set. */
    static boolean glob(String pattern, String text) {
        if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
            return pattern.equals(text);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[', ']' -> regex.append(c);
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return text.matches(regex.toString());
    }
}
