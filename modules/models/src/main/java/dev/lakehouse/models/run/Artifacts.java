package dev.lakehouse.models.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lakehouse.models.NodeResult;
import dev.lakehouse.models.engine.SqlEngine;
import dev.lakehouse.models.graph.Dag;
import dev.lakehouse.models.project.Node;
import dev.lakehouse.models.project.NodeType;
import dev.lakehouse.models.project.Project;
import dev.lakehouse.models.project.SourceTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * target/: the compiled SQL of each node, the statements run, and dbt's artifacts in its published schemas:
 * manifest.json (v12: nodes, sources, macros, docs, parent_map, child_map) and run_results.json (v6), so that
 * tools reading them (docs sites, lineage, CI checks) find what they expect.
 */
final class Artifacts {
    static final String DBT_VERSION = "1.10.0+lakehouse";
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** What the run did to one node, for run_results.json and manifest.json. */
    record Record(NodeResult result, Instant compileStarted, Instant compileEnded, Instant executeStarted, Instant executeEnded,
                  String compiledCode, SqlEngine.AdapterResponse response) {
    }

    private final Project project;
    private final Path target;
    private final String invocationId;
    private final Instant startedAt;

    Artifacts(Project project, Path target, String invocationId, Instant startedAt) {
        this.project = project;
        this.target = target;
        this.invocationId = invocationId;
        this.startedAt = startedAt;
    }

    Path target() {
        return target;
    }

    /** target/compiled/PROJECT/PATH: where dbt writes a node's compiled SQL (a generic test: under its properties file). */
    Path compiledPath(Node node) {
        return target.resolve("compiled").resolve(project.name()).resolve(relativePath(node));
    }

    Path runPath(Node node) {
        return target.resolve("run").resolve(project.name()).resolve(relativePath(node));
    }

    private static String relativePath(Node node) {
        if (node.isGenericTest()) {
            Object alias = node.config().get("alias");
            return node.originalFilePath() + "/" + (alias != null ? alias : node.name()) + ".sql";
        }
        return node.originalFilePath();
    }

    void writeCompiled(Node node, String sql) throws IOException {
        write(compiledPath(node), sql);
    }

    void writeRun(Node node, List<String> statements) throws IOException {
        write(runPath(node), String.join(";\n\n", statements) + (statements.isEmpty() ? "" : ";\n"));
    }

    void writeManifest(Dag dag, Map<String, String> compiled, Map<String, List<String>> ctes, String adapterType) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("metadata", metadata("https://schemas.getdbt.com/dbt/manifest/v12.json", adapterType));
        Map<String, Object> nodes = new LinkedHashMap<>();
        project.nodes().values().forEach(node -> nodes.put(node.uniqueId(), node(node, compiled.get(node.uniqueId()),
                ctes.getOrDefault(node.uniqueId(), List.of()))));
        manifest.put("nodes", nodes);
        Map<String, Object> sources = new LinkedHashMap<>();
        project.sources().values().forEach(source -> sources.put(source.uniqueId(), source(source)));
        manifest.put("sources", sources);
        Map<String, Object> macros = new LinkedHashMap<>();
        project.templates().projectMacros().forEach((name, file) -> {
            Map<String, Object> macro = new LinkedHashMap<>();
            macro.put("name", name);
            macro.put("resource_type", "macro");
            macro.put("package_name", project.name());
            macro.put("path", file);
            macro.put("original_file_path", file);
            macro.put("unique_id", "macro." + project.name() + "." + name);
            macro.put("macro_sql", "");
            macro.put("depends_on", Map.of("macros", List.of()));
            macro.put("description", "");
            macro.put("meta", Map.of());
            macro.put("docs", Map.of("show", true));
            macro.put("patch_path", null);
            macro.put("arguments", List.of());
            macro.put("created_at", startedAt.toEpochMilli() / 1000.0);
            macro.put("supported_languages", null);
            macros.put("macro." + project.name() + "." + name, macro);
        });
        manifest.put("macros", macros);
        Map<String, Object> docs = new LinkedHashMap<>();
        project.templates().docs().forEach((name, text) -> docs.put("doc." + project.name() + "." + name, Map.of("name", name,
                "resource_type", "doc", "package_name", project.name(), "path", "", "original_file_path", "",
                "unique_id", "doc." + project.name() + "." + name, "block_contents", text)));
        manifest.put("docs", docs);
        manifest.put("exposures", Map.of());
        manifest.put("metrics", Map.of());
        manifest.put("groups", Map.of());
        manifest.put("selectors", Map.of());
        Map<String, Object> disabled = new LinkedHashMap<>();
        project.disabled().values().forEach(node -> disabled.put(node.uniqueId(), List.of(node(node, null, List.of()))));
        manifest.put("disabled", disabled);
        manifest.put("parent_map", sortedMap(dag.parentMap()));
        manifest.put("child_map", sortedMap(dag.childMap()));
        manifest.put("group_map", Map.of());
        manifest.put("saved_queries", Map.of());
        manifest.put("semantic_models", Map.of());
        manifest.put("unit_tests", Map.of());
        write(target.resolve("manifest.json"), JSON.writeValueAsString(manifest));
    }

    private static Map<String, List<String>> sortedMap(Map<String, Set<String>> map) {
        Map<String, List<String>> sorted = new LinkedHashMap<>();
        map.forEach((key, values) -> sorted.put(key, values.stream().sorted().toList()));
        return sorted;
    }

    void writeRunResults(List<Record> records, double elapsed, Map<String, Object> args) throws IOException {
        Map<String, Object> runResults = new LinkedHashMap<>();
        Map<String, Object> metadata = metadata("https://schemas.getdbt.com/dbt/run-results/v6.json", null);
        runResults.put("metadata", metadata);
        List<Object> results = new ArrayList<>();
        for (Record record : records) {
            NodeResult result = record.result();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", result.status());
            List<Object> timing = new ArrayList<>();
            if (record.compileStarted() != null) {
                timing.add(Map.of("name", "compile", "started_at", iso(record.compileStarted()), "completed_at", iso(record.compileEnded())));
            }
            if (record.executeStarted() != null) {
                timing.add(Map.of("name", "execute", "started_at", iso(record.executeStarted()), "completed_at", iso(record.executeEnded())));
            }
            entry.put("timing", timing);
            entry.put("thread_id", "Thread-1");
            entry.put("execution_time", result.executionTime());
            Map<String, Object> response = new LinkedHashMap<>();
            if (record.response() != null) {
                response.put("_message", record.response().message());
                response.put("code", record.response().code());
                response.put("rows_affected", record.response().rowsAffected());
                response.put("query_id", record.response().queryId());
            }
            entry.put("adapter_response", response);
            entry.put("message", result.message());
            entry.put("failures", result.failures());
            entry.put("unique_id", result.uniqueId());
            entry.put("compiled", record.compiledCode() != null);
            entry.put("compiled_code", record.compiledCode());
            entry.put("relation_name", result.relation());
            entry.put("batch_results", null);
            results.add(entry);
        }
        runResults.put("results", results);
        runResults.put("elapsed_time", elapsed);
        runResults.put("args", args);
        write(target.resolve("run_results.json"), JSON.writeValueAsString(runResults));
    }

    private Map<String, Object> metadata(String schema, String adapterType) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("dbt_schema_version", schema);
        metadata.put("dbt_version", DBT_VERSION);
        metadata.put("generated_at", iso(Instant.now()));
        metadata.put("invocation_id", invocationId);
        metadata.put("invocation_started_at", iso(startedAt));
        metadata.put("env", Map.of());
        if (adapterType != null) {
            metadata.put("project_name", project.name());
            metadata.put("project_id", md5(project.name()));
            metadata.put("user_id", null);
            metadata.put("send_anonymous_usage_stats", false);
            metadata.put("adapter_type", adapterType);
        }
        return metadata;
    }

    private Map<String, Object> node(Node node, String compiledCode, List<String> ctes) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", node.database());
        out.put("schema", node.schema());
        out.put("name", node.name());
        out.put("resource_type", node.type().label());
        out.put("package_name", node.packageName());
        out.put("path", node.isGenericTest() ? relativePath(node).substring(node.originalFilePath().indexOf('/') + 1) : node.path());
        out.put("original_file_path", node.originalFilePath());
        out.put("unique_id", node.uniqueId());
        out.put("fqn", node.fqn());
        out.put("alias", node.alias());
        out.put("checksum", Map.of("name", "sha256", "checksum", sha256(node.rawCode())));
        Map<String, Object> config = new LinkedHashMap<>(node.config().asMap());
        config.putIfAbsent("alias", node.alias());
        config.putIfAbsent("schema", null);
        config.putIfAbsent("database", null);
        config.putIfAbsent("persist_docs", Map.of());
        config.putIfAbsent("quoting", Map.of());
        config.putIfAbsent("column_types", Map.of());
        config.putIfAbsent("full_refresh", null);
        config.putIfAbsent("unique_key", null);
        config.putIfAbsent("on_schema_change", "ignore");
        config.putIfAbsent("grants", Map.of());
        config.putIfAbsent("packages", List.of());
        config.putIfAbsent("docs", Map.of("show", true));
        config.putIfAbsent("contract", Map.of("enforced", false, "alias_types", true));
        List<Object> preHooks = new ArrayList<>();
        node.config().hooks("pre-hook").forEach(sql -> preHooks.add(hook(sql)));
        List<Object> postHooks = new ArrayList<>();
        node.config().hooks("post-hook").forEach(sql -> postHooks.add(hook(sql)));
        config.put("pre-hook", preHooks);
        config.put("post-hook", postHooks);
        out.put("config", config);
        out.put("tags", node.config().tags());
        out.put("description", node.description());
        Map<String, Object> columns = new LinkedHashMap<>();
        node.columns().forEach((name, column) -> columns.put(name, column(column)));
        out.put("columns", columns);
        out.put("meta", node.config().get("meta") == null ? Map.of() : node.config().get("meta"));
        out.put("group", null);
        out.put("docs", Map.of("show", true));
        out.put("patch_path", node.patchPath() == null ? null : project.name() + "://" + node.patchPath());
        out.put("build_path", null);
        out.put("unrendered_config", node.fileConfig());
        out.put("created_at", startedAt.toEpochMilli() / 1000.0);
        out.put("relation_name", node.type() == NodeType.TEST || node.isEphemeral() ? null : relationName(node.database(), node.schema(), node.alias()));
        out.put("raw_code", node.rawCode());
        out.put("language", "sql");
        List<Object> refs = new ArrayList<>();
        node.refs().forEach(ref -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", ref.args().getLast());
            r.put("package", ref.args().size() == 2 ? ref.args().getFirst() : null);
            r.put("version", ref.version());
            refs.add(r);
        });
        out.put("refs", refs);
        List<Object> sources = new ArrayList<>();
        node.sourceCalls().forEach(call -> sources.add(call.args()));
        out.put("sources", sources);
        out.put("metrics", List.of());
        out.put("depends_on", Map.of("macros", List.of(), "nodes", List.copyOf(node.dependsOn())));
        out.put("compiled_path", compiledCode == null ? null : target.relativize(compiledPath(node)).toString());
        out.put("compiled", compiledCode != null);
        out.put("compiled_code", compiledCode);
        out.put("extra_ctes_injected", compiledCode != null);
        List<Object> extraCtes = new ArrayList<>();
        ctes.forEach(name -> extraCtes.add(Map.of("id", "model." + project.name() + "." + name.substring("__dbt__cte__".length()), "sql", "")));
        out.put("extra_ctes", extraCtes);
        if (node.type() == NodeType.MODEL) {
            out.put("contract", Map.of("enforced", false, "alias_types", true));
            out.put("access", "protected");
            out.put("constraints", List.of());
            out.put("version", null);
            out.put("latest_version", null);
            out.put("deprecation_date", null);
        }
        if (node.type() == NodeType.SEED) {
            out.put("root_path", project.settings().root().toString());
        }
        if (node.isGenericTest()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", node.testMetadata().name());
            metadata.put("kwargs", node.testMetadata().kwargs());
            metadata.put("namespace", node.testMetadata().namespace());
            out.put("test_metadata", metadata);
            out.put("column_name", node.columnName());
            out.put("file_key_name", node.attachedNode() == null ? "sources." + node.fqn().get(node.fqn().size() - 1)
                    : "models." + project.node(node.attachedNode()).name());
            out.put("attached_node", node.attachedNode());
        }
        return out;
    }

    private static Map<String, Object> hook(String sql) {
        Map<String, Object> hook = new LinkedHashMap<>();
        hook.put("sql", sql);
        hook.put("transaction", true);
        hook.put("index", null);
        return hook;
    }

    private static Map<String, Object> column(Node.Column column) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", column.name());
        out.put("description", column.description());
        out.put("meta", column.meta());
        out.put("data_type", column.dataType());
        out.put("constraints", List.of());
        out.put("quote", null);
        out.put("tags", column.tags());
        out.put("granularity", null);
        return out;
    }

    private Map<String, Object> source(SourceTable source) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", source.database());
        out.put("schema", source.schema());
        out.put("name", source.name());
        out.put("resource_type", "source");
        out.put("package_name", project.name());
        out.put("path", source.file());
        out.put("original_file_path", source.file());
        out.put("unique_id", source.uniqueId());
        out.put("fqn", source.fqn());
        out.put("source_name", source.sourceName());
        out.put("source_description", source.sourceDescription());
        out.put("loader", source.loader());
        out.put("identifier", source.identifier());
        out.put("quoting", Map.of());
        out.put("loaded_at_field", null);
        Map<String, Object> freshness = new LinkedHashMap<>();
        freshness.put("warn_after", Map.of());
        freshness.put("error_after", Map.of());
        freshness.put("filter", null);
        out.put("freshness", freshness);
        out.put("external", null);
        out.put("description", source.description());
        Map<String, Object> columns = new LinkedHashMap<>();
        source.columns().forEach((name, column) -> columns.put(name, column(column)));
        out.put("columns", columns);
        out.put("meta", source.meta());
        out.put("source_meta", Map.of());
        out.put("tags", source.tags());
        out.put("config", Map.of("enabled", true));
        out.put("patch_path", null);
        out.put("unrendered_config", Map.of());
        out.put("relation_name", relationName(source.database(), source.schema(), source.identifier()));
        out.put("created_at", startedAt.toEpochMilli() / 1000.0);
        return out;
    }

    /** catalog.schema.name, as dbt-trino writes relation_name (no quotes). */
    static String relationName(String database, String schema, String name) {
        return (database == null ? "" : database + ".") + schema + "." + name;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String md5(String text) {
        return digest("MD5", text);
    }

    private static String sha256(String text) {
        return digest("SHA-256", text);
    }

    private static String digest(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
