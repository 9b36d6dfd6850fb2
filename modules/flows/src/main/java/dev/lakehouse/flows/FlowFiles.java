package dev.lakehouse.flows;

import dev.lakehouse.spi.ConfigKeys;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a flow from its YAML file (one flow per file, named after the file). YAML is read as a tree of nodes, not
 * straight into objects, so that every mistake can name its line.
 *
 * <pre>
 * description: the shop's medallion every hour, published when its audit passes
 * schedule: "@hourly"          # cron or preset; none: only by hand
 * timezone: UTC
 * catchup: false
 * max-active-runs: 1
 * branch: per-run              # or main (the default)
 * paused: true                 # when the flow is first seen (the default); then `lakehouse flow unpause`
 * tasks:
 *   medallion:
 *     pipeline: medallion
 *     options: {layer: "bronze,silver,gold"}
 *     retries: 2
 *     retry-delay: 30s
 *     timeout: 20m
 *   counts:
 *     sql: SELECT count(*) FROM gold.top_products WHERE day = DATE '{{ ds }}'
 *     engine: trino
 *     after: [medallion]
 * </pre>
 */
public final class FlowFiles {
    private static final Set<String> FLOW_KEYS = Set.of("description", "schedule", "timezone", "catchup", "max-active-runs", "branch",
            "paused", "tasks");
    private static final Set<String> TASK_KEYS = Set.of("pipeline", "options", "until-idle", "sql", "sql-file", "engine", "java",
            "parameters", "models", "command", "select", "exclude", "schema", "full-refresh", "vars", "after", "retries",
            "retry-delay", "timeout");
    private static final Set<String> ACTIONS = Set.of("pipeline", "sql", "sql-file", "java", "models");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private FlowFiles() {
    }

    /** Whether a file of the flows directory holds a flow. */
    public static boolean isFlowFile(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith(".");
    }

    /** The flow a file defines: its name is the file's, without the extension. */
    public static String flowName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }

    /**
     * Reads a flow file.
     *
     * @throws FlowFileException naming the file, the line and what to fix
     */
    public static Flow read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new FlowFileException(file, 0, "cannot be read: " + e.getMessage());
        }
        try {
            return parse(flowName(file), text, file);
        } catch (FlowDefinitionException e) {
            throw new FlowFileException(file, e.line(), e.getMessage());
        }
    }

    static Flow parse(String name, String text, Path file) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new FlowDefinitionException("is not valid YAML: " + e.getProblem(), line);
        } catch (YAMLException e) {
            throw new FlowDefinitionException("is not valid YAML: " + e.getMessage(), 0);
        }
        if (root == null) {
            throw new FlowDefinitionException("is empty: a flow needs at least 'tasks:'", 1);
        }
        Map<String, Node> flow = mapping(root, "the file");
        checkKeys(flow, FLOW_KEYS, "the flow");
        Optional<Schedule> schedule = Optional.empty();
        if (flow.containsKey("schedule")) {
            Node node = flow.get("schedule");
            try {
                schedule = Optional.of(Schedule.of(scalar(node, "schedule"), flow.containsKey("timezone") ? scalar(flow.get("timezone"), "timezone") : "UTC"));
            } catch (IllegalArgumentException e) {
                throw new FlowDefinitionException(e.getMessage(), line(node));
            }
        }
        String branch = flow.containsKey("branch") ? scalar(flow.get("branch"), "branch") : "main";
        if (!branch.equals("main") && !branch.equals("per-run")) {
            throw new FlowDefinitionException("branch: per-run (each run on a branch of its own, merged when every task succeeded) or main, not '"
                    + branch + "'", line(flow.get("branch")));
        }
        Node tasksNode = flow.get("tasks");
        if (tasksNode == null) {
            throw new FlowDefinitionException("has no 'tasks:'", 1);
        }
        Map<String, Task> tasks = new LinkedHashMap<>();
        for (Map.Entry<String, Node> task : mapping(tasksNode, "tasks").entrySet()) {
            tasks.put(task.getKey(), task(task.getKey(), task.getValue(), file));
        }
        return new Flow(name, flow.containsKey("description") ? scalar(flow.get("description"), "description") : "", schedule,
                flow.containsKey("catchup") && bool(flow.get("catchup"), "catchup"),
                flow.containsKey("max-active-runs") ? integer(flow.get("max-active-runs"), "max-active-runs") : 1,
                branch.equals("per-run"), !flow.containsKey("paused") || bool(flow.get("paused"), "paused"), tasks,
                file == null ? "text" : file.toString());
    }

    private static Task task(String name, Node node, Path file) {
        String where = "task " + name;
        Map<String, Node> task = mapping(node, where);
        checkKeys(task, TASK_KEYS, where);
        List<String> actions = task.keySet().stream().filter(ACTIONS::contains).toList();
        if (actions.size() != 1) {
            throw new FlowDefinitionException(where + (actions.isEmpty() ? " does nothing: give it one of pipeline, sql, sql-file, models or java"
                    : " has " + String.join(" and ", actions) + ": one kind per task"), line(node));
        }
        TaskAction action;
        try {
            action = switch (actions.getFirst()) {
                case "pipeline" -> new TaskAction.Pipeline(scalar(task.get("pipeline"), "pipeline"), strings(task.get("options"), "options"),
                        !task.containsKey("until-idle") || bool(task.get("until-idle"), "until-idle"));
                case "sql" -> new TaskAction.Sql(scalar(task.get("sql"), "sql"), engine(task));
                case "sql-file" -> new TaskAction.Sql(sqlFile(task.get("sql-file"), file), engine(task));
                case "java" -> new TaskAction.Java(scalar(task.get("java"), "java"), strings(task.get("parameters"), "parameters"));
                default -> new TaskAction.Models(relativeTo(file, scalar(task.get("models"), "models")),
                        task.containsKey("command") ? scalar(task.get("command"), "command") : "build", modelsArguments(task));
            };
        } catch (IllegalArgumentException e) {
            throw new FlowDefinitionException(where + ": " + e.getMessage(), line(node));
        }
        List<String> after = new ArrayList<>();
        if (task.containsKey("after")) {
            Node afterNode = task.get("after");
            if (afterNode instanceof SequenceNode sequence) {
                sequence.getValue().forEach(item -> after.add(scalar(item, "after")));
            } else {
                after.add(scalar(afterNode, "after"));
            }
        }
        return new Task(name, action, after,
                task.containsKey("retries") ? integer(task.get("retries"), "retries") : 0,
                task.containsKey("retry-delay") ? duration(task.get("retry-delay"), "retry-delay") : Task.DEFAULT_RETRY_DELAY,
                task.containsKey("timeout") ? Optional.of(duration(task.get("timeout"), "timeout")) : Optional.empty(),
                line(node));
    }

    private static String engine(Map<String, Node> task) {
        return task.containsKey("engine") ? scalar(task.get("engine"), "engine").toLowerCase(Locale.ROOT) : "trino";
    }

    private static Map<String, String> modelsArguments(Map<String, Node> task) {
        Map<String, String> arguments = new LinkedHashMap<>();
        for (String key : List.of("select", "exclude", "engine", "schema", "full-refresh", "vars")) {
            if (task.containsKey(key)) {
                arguments.put(key, scalar(task.get(key), key));
            }
        }
        return arguments;
    }

    private static String sqlFile(Node node, Path file) {
        Path sql = Path.of(relativeTo(file, scalar(node, "sql-file")));
        try {
            return Files.readString(sql);
        } catch (IOException e) {
            throw new FlowDefinitionException("sql-file " + sql + " cannot be read: " + e.getMessage(), line(node));
        }
    }

    /** A path in a flow file is relative to the file's folder. */
    private static String relativeTo(Path file, String path) {
        Path given = Path.of(path);
        return given.isAbsolute() || file == null ? given.toString() : file.toAbsolutePath().getParent().resolve(given).normalize().toString();
    }

    // --- nodes to values, with the line of a mistake ---------------------------------------------------------

    private static Map<String, Node> mapping(Node node, String what) {
        if (!(node instanceof MappingNode mapping)) {
            throw new FlowDefinitionException(what + " must be a mapping of keys to values", line(node));
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode(), "a key");
            if (entries.put(key, tuple.getValueNode()) != null) {
                throw new FlowDefinitionException(what + " has '" + key + "' twice", line(tuple.getKeyNode()));
            }
        }
        return entries;
    }

    private static void checkKeys(Map<String, Node> entries, Set<String> known, String where) {
        for (Map.Entry<String, Node> entry : entries.entrySet()) {
            if (!known.contains(entry.getKey())) {
                throw new FlowDefinitionException(where + " has an unknown key '" + entry.getKey() + "'" + ConfigKeys.closest(entry.getKey(), known)
                        .map(c -> " (did you mean '" + c + "'?)").orElse(" (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")"),
                        line(entry.getValue()));
            }
        }
    }

    private static String scalar(Node node, String key) {
        if (!(node instanceof ScalarNode scalar)) {
            throw new FlowDefinitionException(key + " must be a single value", line(node));
        }
        return scalar.getValue();
    }

    private static boolean bool(Node node, String key) {
        String value = scalar(node, key).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new FlowDefinitionException(key + ": true or false, not '" + value + "'", line(node));
        }
        return value.equals("true");
    }

    private static int integer(Node node, String key) {
        try {
            return Integer.parseInt(scalar(node, key));
        } catch (NumberFormatException e) {
            throw new FlowDefinitionException(key + ": a whole number, not '" + scalar(node, key) + "'", line(node));
        }
    }

    private static Duration duration(Node node, String key) {
        Matcher matcher = DURATION.matcher(scalar(node, key).trim());
        if (!matcher.matches()) {
            throw new FlowDefinitionException(key + ": a duration such as 500ms, 30s, 10m, 2h or 1d, not '" + scalar(node, key) + "'", line(node));
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static Map<String, String> strings(Node node, String key) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node != null) {
            mapping(node, key).forEach((name, value) -> values.put(name, scalar(value, key + "." + name)));
        }
        return values;
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
