package dev.lakehouse.models.project;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A node's configuration as dbt merges it, lowest first: defaults, dbt_project.yml's tree, the properties file's
 * {@code config:}, the file's own {@code config(...)}. Most keys replace; {@code tags} and the hooks add up;
 * {@code meta} and {@code column_types} merge by key.
 */
public final class NodeConfig {
    private final Map<String, Object> values = new LinkedHashMap<>();

    public static NodeConfig defaults(NodeType type) {
        NodeConfig config = new NodeConfig();
        config.values.put("enabled", true);
        config.values.put("tags", new ArrayList<>());
        config.values.put("meta", new LinkedHashMap<>());
        switch (type) {
            case MODEL -> config.values.put("materialized", "view");
            case SEED -> config.values.put("materialized", "seed");
            case TEST -> {
                config.values.put("materialized", "test");
                config.values.put("severity", "ERROR");
                config.values.put("fail_calc", "count(*)");
                config.values.put("warn_if", "!= 0");
                config.values.put("error_if", "!= 0");
            }
        }
        return config;
    }

    public NodeConfig copy() {
        NodeConfig copy = new NodeConfig();
        values.forEach((key, value) -> copy.values.put(key, value instanceof List<?> list ? new ArrayList<>(list)
                : value instanceof Map<?, ?> map ? new LinkedHashMap<>(map) : value));
        return copy;
    }

    /** Merges more configuration over this, by dbt's rules. */
    public NodeConfig merge(Map<?, ?> more) {
        more.forEach((key, value) -> put(String.valueOf(key), value));
        return this;
    }

    @SuppressWarnings("unchecked")
    public void put(String key, Object value) {
        String name = normalize(key);
        if (name.equals("tags") || name.equals("pre-hook") || name.equals("post-hook")) {
            List<Object> merged = new ArrayList<>(asList(values.get(name)));
            for (Object item : asList(value)) {
                if (!merged.contains(item)) {
                    merged.add(item);
                }
            }
            values.put(name, merged);
        } else if ((name.equals("meta") || name.equals("column_types")) && value instanceof Map<?, ?> map) {
            Map<Object, Object> merged = values.get(name) instanceof Map<?, ?> old ? new LinkedHashMap<>((Map<Object, Object>) old) : new LinkedHashMap<>();
            merged.putAll(map);
            values.put(name, merged);
        } else {
            values.put(name, value);
        }
    }

    static String normalize(String key) {
        String name = key.startsWith("+") ? key.substring(1) : key;
        return switch (name) {
            case "pre_hook" -> "pre-hook";
            case "post_hook" -> "post-hook";
            default -> name;
        };
    }

    private static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        return List.of(value);
    }

    public Object get(String key) {
        return values.get(normalize(key));
    }

    public String text(String key) {
        Object value = get(key);
        return value == null ? null : String.valueOf(value);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public String materialized() {
        return text("materialized");
    }

    public boolean enabled() {
        Object enabled = get("enabled");
        return !(enabled instanceof Boolean b) ? !"false".equalsIgnoreCase(String.valueOf(enabled)) : b;
    }

    public List<String> tags() {
        List<String> tags = new ArrayList<>();
        asList(get("tags")).forEach(tag -> tags.add(String.valueOf(tag)));
        return tags;
    }

    /** unique_key as a list of columns (dbt takes a name or a list). */
    public List<String> uniqueKey() {
        List<String> keys = new ArrayList<>();
        asList(get("unique_key")).forEach(key -> {
            for (String part : String.valueOf(key).split(",")) {
                if (!part.isBlank()) {
                    keys.add(part.strip());
                }
            }
        });
        return keys;
    }

    /** ERROR or WARN. */
    public String severity() {
        String severity = text("severity");
        return severity == null ? "ERROR" : severity.toUpperCase(Locale.ROOT);
    }

    public List<String> hooks(String which) {
        List<String> hooks = new ArrayList<>();
        asList(get(which)).forEach(hook -> {
            if (hook instanceof Map<?, ?> map && map.get("sql") != null) {
                hooks.add(String.valueOf(map.get("sql")));
            } else if (hook != null) {
                hooks.add(String.valueOf(hook));
            }
        });
        return hooks;
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> columnTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        if (get("column_types") instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).forEach((column, type) -> types.put(String.valueOf(column), String.valueOf(type)));
        }
        return types;
    }

    /** full_refresh when the node sets it (true/false), else null: the command line's flag decides. */
    public Boolean fullRefresh() {
        Object value = get("full_refresh");
        if (value == null) {
            return null;
        }
        return value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value));
    }
}
