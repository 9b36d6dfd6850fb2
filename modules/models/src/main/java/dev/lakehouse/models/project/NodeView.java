package dev.lakehouse.models.project;

import java.util.LinkedHashMap;
import java.util.Map;

/** A node as templates see it ({@code model}, or {@code node} in generate_schema_name): dbt's node attributes. */
public final class NodeView {
    private NodeView() {
    }

    public static Map<String, Object> of(Node node) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("unique_id", node.uniqueId());
        view.put("name", node.name());
        view.put("resource_type", node.type().label());
        view.put("package_name", node.packageName());
        view.put("fqn", node.fqn());
        view.put("path", node.path());
        view.put("original_file_path", node.originalFilePath());
        view.put("config", node.config() == null ? Map.of() : node.config().asMap());
        view.put("tags", node.config() == null ? java.util.List.of() : node.config().tags());
        view.put("description", node.description());
        view.put("database", node.database());
        view.put("schema", node.schema());
        view.put("alias", node.alias());
        view.put("version", null);
        view.put("raw_code", node.rawCode());
        view.put("raw_sql", node.rawCode());
        view.put("language", "sql");
        Map<String, Object> columns = new LinkedHashMap<>();
        node.columns().forEach((name, column) -> columns.put(name, Map.of("name", name, "description", column.description())));
        view.put("columns", columns);
        return view;
    }
}
