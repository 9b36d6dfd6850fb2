package dev.lakehouse.models.project;

import dev.lakehouse.models.jinja.RenderContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model, seed or test of the project, as loading made it: where it comes from, its configuration, what it
 * depends on, and the relation it builds (schema and alias as generate_schema_name and generate_alias_name said).
 */
public final class Node {
    /** A column as a properties file describes it. */
    public record Column(String name, String description, String dataType, Map<String, Object> meta, List<String> tags) {
    }

    /** A generic test's macro and arguments (dbt's test_metadata). */
    public record TestMetadata(String name, String namespace, Map<String, Object> kwargs) {
    }

    private final NodeType type;
    private final String uniqueId;
    private final String name;
    private final String packageName;
    private final List<String> fqn;
    private final String originalFilePath;
    private final String path;
    private final String rawCode;
    NodeConfig config;
    final Map<String, Object> fileConfig = new LinkedHashMap<>();
    final Map<String, Object> propertiesConfig = new LinkedHashMap<>();
    final List<RenderContext.Call> refs = new ArrayList<>();
    final List<RenderContext.Call> sourceCalls = new ArrayList<>();
    final Set<String> dependsOn = new LinkedHashSet<>();
    String description = "";
    final Map<String, Column> columns = new LinkedHashMap<>();
    String patchPath;
    String database;
    String schema;
    String alias;
    /** Generic tests only. */
    TestMetadata testMetadata;
    String columnName;
    String attachedNode;
    /** Where a generic test is declared (its properties file's line). */
    int line = 1;
    /** A seed's rows, read and typed when the project is loaded. */
    SeedFile seed;

    Node(NodeType type, String uniqueId, String name, String packageName, List<String> fqn, String originalFilePath,
         String path, String rawCode) {
        this.type = type;
        this.uniqueId = uniqueId;
        this.name = name;
        this.packageName = packageName;
        this.fqn = List.copyOf(fqn);
        this.originalFilePath = originalFilePath;
        this.path = path;
        this.rawCode = rawCode;
    }

    public NodeType type() {
        return type;
    }

    public String uniqueId() {
        return uniqueId;
    }

    public String name() {
        return name;
    }

    public String packageName() {
        return packageName;
    }

    public List<String> fqn() {
        return fqn;
    }

    /** The file relative to the project, e.g. models/staging/stg_orders.sql (a generic test: its properties file). */
    public String originalFilePath() {
        return originalFilePath;
    }

    /** The file relative to its resource folder, e.g. staging/stg_orders.sql. */
    public String path() {
        return path;
    }

    public String rawCode() {
        return rawCode;
    }

    public NodeConfig config() {
        return config;
    }

    /** What the file's own config(...) calls set. */
    public Map<String, Object> fileConfig() {
        return fileConfig;
    }

    public List<RenderContext.Call> refs() {
        return refs;
    }

    public List<RenderContext.Call> sourceCalls() {
        return sourceCalls;
    }

    /** The unique ids of the nodes and sources this one reads. */
    public Set<String> dependsOn() {
        return dependsOn;
    }

    public String description() {
        return description;
    }

    public Map<String, Column> columns() {
        return columns;
    }

    public String patchPath() {
        return patchPath;
    }

    public String database() {
        return database;
    }

    public String schema() {
        return schema;
    }

    public String alias() {
        return alias;
    }

    public String materialized() {
        return config.materialized();
    }

    public TestMetadata testMetadata() {
        return testMetadata;
    }

    public String columnName() {
        return columnName;
    }

    public String attachedNode() {
        return attachedNode;
    }

    public int line() {
        return line;
    }

    /** A seed's typed rows (null for other nodes). */
    public SeedFile seed() {
        return seed;
    }

    public boolean isGenericTest() {
        return testMetadata != null;
    }

    public boolean isEphemeral() {
        return "ephemeral".equals(materialized());
    }

    @Override
    public String toString() {
        return uniqueId;
    }
}
