package dev.lakehouse.models.project;

import java.util.List;
import java.util.Map;

/**
 * The {@code models:} / {@code seeds:} / {@code data_tests:} trees of dbt_project.yml. Nested keys follow a node's
 * FQN (project, folders, name); at each level a key with a {@code +} is a config, and a key without one is a config
 * when its value is not a mapping (a mapping is a folder or a node). Deeper levels win.
 */
public final class ConfigTree {
    private final YamlMap root;

    public ConfigTree(YamlMap root) {
        this.root = root == null ? YamlMap.empty() : root;
    }

    /** Merges every level on the node's path, shallowest first, into {@code config}. */
    public void apply(List<String> fqn, NodeConfig config) {
        Map<?, ?> level = root;
        applyLevel(level, config);
        for (String part : fqn) {
            Object next = level.get(part);
            if (!(next instanceof Map<?, ?> map)) {
                return;
            }
            level = map;
            applyLevel(level, config);
        }
    }

    private static void applyLevel(Map<?, ?> level, NodeConfig config) {
        level.forEach((key, value) -> {
            String name = String.valueOf(key);
            if (name.startsWith("+")) {
                config.put(name, value);
            } else if (!(value instanceof Map<?, ?>)) {
                config.put(name, value);
            }
        });
    }
}
