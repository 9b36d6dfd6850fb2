package dev.lakehouse.models.run;

import dev.lakehouse.models.ModelsException;
import dev.lakehouse.models.engine.SqlEngine;
import dev.lakehouse.models.engine.SqlEngine.AdapterResponse;
import dev.lakehouse.models.engine.SqlEngine.EngineException;
import dev.lakehouse.models.jinja.Relation;
import dev.lakehouse.models.project.Node;
import dev.lakehouse.models.project.NodeConfig;
import dev.lakehouse.models.project.SeedFile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The statements of dbt's materializations on the lakehouse's Iceberg tables, on Trino or Spark.
 * <ul>
 * <li>view: CREATE OR REPLACE VIEW (a table of the same name dropped first);</li>
 * <li>table: CREATE OR REPLACE TABLE ... AS: Iceberg replaces the table in one commit, so a reader sees the old
 * table or the new one, never a half-built one (dbt-trino's default instead builds __dbt_tmp and renames twice,
 * which on a catalog is two commits with no table in between);</li>
 * <li>incremental: as a table the first time, on --full-refresh or over a view; afterwards the new rows are
 * appended (INSERT), merged on unique_key (MERGE), or replace the rows of their keys (delete+insert), each from
 * the model's query directly; on_schema_change as dbt;</li>
 * <li>seed: CREATE OR REPLACE TABLE ... AS SELECT the typed values, one commit (a larger seed goes through a
 * __dbt_tmp table first so the seed still changes in one step);</li>
 * <li>test: dbt's wrapper counting the failing rows.</li>
 * </ul>
 */
final class Materializer {
    /** What a node's execution did: the adapter's response and every statement sent (for target/run). */
    record Outcome(AdapterResponse response, List<String> statements, Long failures, String status, String message) {
    }

    private static final int SEED_BATCH = 1000;

    private final SqlEngine engine;
    private final Relations relations;
    private final Compiler compiler;
    private final Set<String> schemasMade = new LinkedHashSet<>();
    private final List<String> statements = new ArrayList<>();

    Materializer(SqlEngine engine, Relations relations, Compiler compiler) {
        this.engine = engine;
        this.relations = relations;
        this.compiler = compiler;
    }

    /** The statements sent for the current node so far (for target/run and error lines). */
    List<String> sent() {
        return List.copyOf(statements);
    }

    private boolean spark() {
        return "spark".equals(engine.type());
    }

    private AdapterResponse run(String sql) throws EngineException {
        statements.add(sql);
        return engine.execute(sql);
    }

    private String relation(Node node) {
        return Relation.of(node.database(), node.schema(), node.alias(), null, engine.naming()).render();
    }

    private String relation(Node node, String suffix) {
        return Relation.of(node.database(), node.schema(), node.alias() + suffix, null, engine.naming()).render();
    }

    private String quote(String column) {
        return engine.naming().part(column);
    }

    private void ensureSchema(Node node) throws EngineException {
        if (schemasMade.add(node.schema().toLowerCase(Locale.ROOT))) {
            engine.createSchema(node.schema());
        }
    }

    // --- models --------------------------------------------------------------------------------------------

    Outcome model(Node node, String sql) throws EngineException {
        statements.clear();
        ensureSchema(node);
        hooks(node, "pre-hook");
        String body = Compiler.stripSemicolon(sql);
        AdapterResponse response = switch (node.materialized()) {
            case "view" -> view(node, body);
            case "table" -> table(node, body);
            case "incremental" -> incremental(node, body);
            default -> throw new IllegalStateException("not a runnable materialization: " + node.materialized());
        };
        hooks(node, "post-hook");
        return new Outcome(response, List.copyOf(statements), null, "success", response.message());
    }

    private void hooks(Node node, String which) throws EngineException {
        for (String hook : node.config().hooks(which)) {
            String sql = Compiler.stripSemicolon(compiler.render(node, hook));
            if (!sql.isBlank()) {
                run(sql);
            }
        }
    }

    private AdapterResponse view(Node node, String sql) throws EngineException {
        if ("table".equals(relations.type(node.schema(), node.alias()))) {
            run("DROP TABLE " + relation(node));
            relations.dropped(node.schema(), node.alias());
        }
        AdapterResponse response = run("CREATE OR REPLACE VIEW " + relation(node) + " AS\n" + sql);
        relations.created(node.schema(), node.alias(), "view");
        return response;
    }

    private AdapterResponse table(Node node, String sql) throws EngineException {
        if ("view".equals(relations.type(node.schema(), node.alias()))) {
            run("DROP VIEW " + relation(node));
            relations.dropped(node.schema(), node.alias());
        }
        AdapterResponse response = run("CREATE OR REPLACE TABLE " + relation(node) + (spark() ? " USING iceberg" : "")
                + properties(node) + " AS\n" + sql);
        relations.created(node.schema(), node.alias(), "table");
        return response;
    }

    /** partitioned_by / properties configs, as dbt-trino and dbt-spark take them. */
    private String properties(Node node) {
        NodeConfig config = node.config();
        List<String> partitions = new ArrayList<>();
        Object partitionedBy = config.get("partitioned_by") != null ? config.get("partitioned_by") : config.get("partition_by");
        if (partitionedBy instanceof List<?> list) {
            list.forEach(column -> partitions.add(String.valueOf(column)));
        } else if (partitionedBy != null) {
            partitions.add(String.valueOf(partitionedBy));
        }
        if (partitions.isEmpty()) {
            return "";
        }
        if (spark()) {
            return " PARTITIONED BY (" + String.join(", ", partitions) + ")";
        }
        return " WITH (partitioning = ARRAY[" + partitions.stream().map(p -> "'" + p.replace("'", "''") + "'")
                .collect(Collectors.joining(", ")) + "])";
    }

    private AdapterResponse incremental(Node node, String sql) throws EngineException {
        if (!compiler.isIncremental(node)) {
            return table(node, sql);
        }
        List<SqlEngine.Column> existing = engine.columns(node.schema(), node.alias());
        List<String> columns = schemaChange(node, sql, existing);
        String target = relation(node);
        String columnList = columns.stream().map(this::quote).collect(Collectors.joining(", "));
        List<String> keys = node.config().uniqueKey();
        String strategy = node.config().text("incremental_strategy");
        if (strategy == null) {
            strategy = keys.isEmpty() ? "append" : "merge";
        }
        if (strategy.equals("append") || keys.isEmpty()) {
            return run("INSERT INTO " + target + " (" + columnList + ")\nSELECT " + columnList + " FROM (\n" + sql + "\n) dbt_internal_source");
        }
        if (strategy.equals("merge")) {
            List<String> update = updateColumns(node, columns);
            String on = keys.stream().map(k -> "DBT_INTERNAL_SOURCE." + quote(k) + " = DBT_INTERNAL_DEST." + quote(k))
                    .collect(Collectors.joining(" AND "));
            StringBuilder merge = new StringBuilder("MERGE INTO " + target + " AS DBT_INTERNAL_DEST\nUSING (\n" + sql
                    + "\n) AS DBT_INTERNAL_SOURCE\nON (" + on + ")");
            if (!update.isEmpty()) {
                merge.append("\nWHEN MATCHED THEN UPDATE SET ").append(update.stream()
                        .map(c -> quote(c) + " = DBT_INTERNAL_SOURCE." + quote(c)).collect(Collectors.joining(", ")));
            }
            merge.append("\nWHEN NOT MATCHED THEN INSERT (").append(columnList).append(") VALUES (")
                    .append(columns.stream().map(c -> "DBT_INTERNAL_SOURCE." + quote(c)).collect(Collectors.joining(", "))).append(")");
            return run(merge.toString());
        }
        // delete+insert: the new rows land in a temporary table first, since deleting could change what the query returns
        String temporary = relation(node, "__dbt_tmp");
        run("CREATE OR REPLACE TABLE " + temporary + (spark() ? " USING iceberg" : "") + " AS\n" + sql);
        try {
            String match = keys.size() == 1
                    ? quote(keys.getFirst()) + " IN (SELECT " + quote(keys.getFirst()) + " FROM " + temporary + ")"
                    : "EXISTS (SELECT 1 FROM " + temporary + " DBT_INTERNAL_SOURCE WHERE " + keys.stream()
                    .map(k -> "DBT_INTERNAL_SOURCE." + quote(k) + " = " + target + "." + quote(k)).collect(Collectors.joining(" AND ")) + ")";
            run("DELETE FROM " + target + " WHERE " + match);
            return run("INSERT INTO " + target + " (" + columnList + ")\nSELECT " + columnList + " FROM " + temporary);
        } finally {
            run("DROP TABLE IF EXISTS " + temporary);
        }
    }

    private List<String> updateColumns(Node node, List<String> columns) {
        List<String> update = new ArrayList<>(columns);
        if (node.config().get("merge_update_columns") instanceof List<?> only) {
            update.clear();
            only.forEach(c -> update.add(String.valueOf(c)));
        } else if (node.config().get("merge_exclude_columns") instanceof List<?> excluded) {
            Set<String> out = excluded.stream().map(c -> String.valueOf(c).toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            update.removeIf(c -> out.contains(c.toLowerCase(Locale.ROOT)));
        }
        return update;
    }

    /** on_schema_change: which columns the new rows fill, after adding or removing columns when asked. */
    private List<String> schemaChange(Node node, String sql, List<SqlEngine.Column> existing) throws EngineException {
        String mode = node.config().text("on_schema_change");
        List<String> targetColumns = existing.stream().map(SqlEngine.Column::name).collect(Collectors.toList());
        if (mode == null || mode.equals("ignore")) {
            return targetColumns;
        }
        List<SqlEngine.Column> incoming = engine.queryColumns(sql);
        Set<String> known = targetColumns.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Set<String> arriving = incoming.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<SqlEngine.Column> added = incoming.stream().filter(c -> !known.contains(c.name().toLowerCase(Locale.ROOT))).toList();
        List<String> removed = targetColumns.stream().filter(c -> !arriving.contains(c.toLowerCase(Locale.ROOT))).toList();
        if (added.isEmpty() && removed.isEmpty()) {
            return targetColumns;
        }
        switch (mode) {
            case "fail" -> throw ModelsException.in(node.originalFilePath(), 0, "the model's columns changed (new: "
                    + added.stream().map(SqlEngine.Column::name).toList() + ", gone: " + removed + ") and on_schema_change is fail:"
                    + " run with --full-refresh, or set on_schema_change to append_new_columns or sync_all_columns");
            case "append_new_columns" -> {
                for (SqlEngine.Column column : added) {
                    run("ALTER TABLE " + relation(node) + " ADD COLUMN " + quote(column.name()) + " " + column.dataType());
                    targetColumns.add(column.name());
                }
                targetColumns.removeIf(c -> !arriving.contains(c.toLowerCase(Locale.ROOT)));
                return targetColumns;
            }
            default -> {
                for (SqlEngine.Column column : added) {
                    run("ALTER TABLE " + relation(node) + " ADD COLUMN " + quote(column.name()) + " " + column.dataType());
                }
                for (String column : removed) {
                    run("ALTER TABLE " + relation(node) + " DROP COLUMN " + quote(column));
                }
                return incoming.stream().map(SqlEngine.Column::name).collect(Collectors.toList());
            }
        }
    }

    // --- seeds ---------------------------------------------------------------------------------------------

    Outcome seed(Node node, SeedFile seed) throws EngineException {
        statements.clear();
        ensureSchema(node);
        hooks(node, "pre-hook");
        String existing = relations.type(node.schema(), node.alias());
        if ("view".equals(existing)) {
            throw ModelsException.in(node.originalFilePath(), 0, node.schema() + "." + node.alias()
                    + " is a view: a seed cannot replace it (drop the view, or give the seed another alias)");
        }
        List<List<String>> rows = seed.rows();
        String target = relation(node);
        if (rows.size() <= SEED_BATCH) {
            run("CREATE OR REPLACE TABLE " + target + (spark() ? " USING iceberg" : "") + " AS\n" + select(seed, rows));
        } else {
            String temporary = relation(node, "__dbt_tmp");
            run("CREATE OR REPLACE TABLE " + temporary + (spark() ? " USING iceberg" : "") + " AS\n" + select(seed, rows.subList(0, SEED_BATCH)));
            for (int from = SEED_BATCH; from < rows.size(); from += SEED_BATCH) {
                run("INSERT INTO " + temporary + "\n" + select(seed, rows.subList(from, Math.min(rows.size(), from + SEED_BATCH))));
            }
            run("CREATE OR REPLACE TABLE " + target + (spark() ? " USING iceberg" : "") + " AS SELECT * FROM " + temporary);
            run("DROP TABLE IF EXISTS " + temporary);
        }
        relations.created(node.schema(), node.alias(), "table");
        hooks(node, "post-hook");
        // dbt's seed message: CREATE n for a new table, INSERT n when it replaced one
        String code = existing == null ? "CREATE" : "INSERT";
        AdapterResponse response = new AdapterResponse(code + " " + rows.size(), code, rows.size(), null);
        return new Outcome(response, List.copyOf(statements), null, "success", response.message());
    }

    /** The seed's rows as a typed SELECT: text values cast once per column, over an inline table. */
    private String select(SeedFile seed, List<List<String>> rows) {
        List<SeedFile.Column> columns = seed.columns();
        StringBuilder select = new StringBuilder("SELECT ");
        for (int c = 0; c < columns.size(); c++) {
            select.append(c == 0 ? "" : ", ").append("CAST(c").append(c).append(" AS ").append(sqlType(seed, c))
                    .append(") AS ").append(quote(columns.get(c).name()));
        }
        StringBuilder aliases = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            aliases.append(c == 0 ? "" : ", ").append('c').append(c);
        }
        if (rows.isEmpty()) {
            // no rows: one typed row of nulls, filtered out
            StringBuilder nulls = new StringBuilder("(");
            for (int c = 0; c < columns.size(); c++) {
                nulls.append(c == 0 ? "" : ", ").append("CAST(NULL AS VARCHAR)".replace("VARCHAR", spark() ? "STRING" : "VARCHAR"));
            }
            nulls.append(")");
            return select + (spark() ? "\nFROM VALUES " + nulls + " AS t(" + aliases + ") WHERE 1 = 0"
                    : "\nFROM (VALUES " + nulls + ") AS t(" + aliases + ") WHERE 1 = 0");
        }
        StringBuilder values = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            values.append(r == 0 ? "\n  (" : ",\n  (");
            List<String> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                values.append(c == 0 ? "" : ", ").append(literal(row.get(c)));
            }
            values.append(')');
        }
        return select + (spark() ? "\nFROM VALUES" + values + "\nAS t(" + aliases + ")" : "\nFROM (VALUES" + values + "\n) AS t(" + aliases + ")");
    }

    /** A text literal in the engine's syntax (Spark reads backslashes as escapes). */
    private String literal(String value) {
        if (value == null) {
            return "NULL";
        }
        if (spark()) {
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** The SQL type of a seed column, per engine (dbt-trino's and dbt-spark's choices, integers widened when they must). */
    private String sqlType(SeedFile seed, int column) {
        SeedFile.Column c = seed.columns().get(column);
        return switch (c.kind()) {
            case DECLARED -> c.declaredType();
            case INTEGER -> seed.fitsInteger(column) ? (spark() ? "INT" : "INTEGER") : "BIGINT";
            case DECIMAL -> "DOUBLE";
            case DATE -> "DATE";
            case DATETIME -> spark() ? "TIMESTAMP_NTZ" : "TIMESTAMP(6)";
            case BOOLEAN -> "BOOLEAN";
            case TEXT -> spark() ? "STRING" : "VARCHAR";
        };
    }

    // --- tests ---------------------------------------------------------------------------------------------

    /** dbt's test wrapper: how many rows fail, and whether that many warns or errors. */
    Outcome test(Node node, String sql) throws EngineException {
        statements.clear();
        NodeConfig config = node.config();
        String failCalc = config.text("fail_calc") == null ? "count(*)" : config.text("fail_calc");
        String warnIf = config.text("warn_if") == null ? "!= 0" : config.text("warn_if");
        String errorIf = config.text("error_if") == null ? "!= 0" : config.text("error_if");
        Object limit = config.get("limit");
        String wrapped = "SELECT\n  " + failCalc + " AS failures,\n  " + failCalc + " " + warnIf + " AS should_warn,\n  "
                + failCalc + " " + errorIf + " AS should_error\nFROM (\n" + Compiler.stripSemicolon(sql) + "\n"
                + (limit == null ? "" : "LIMIT " + limit + "\n") + ") dbt_internal_test";
        statements.add(wrapped);
        var result = engine.query(wrapped);
        if (result.rows().size() != 1) {
            throw ModelsException.in(node.originalFilePath(), node.line(), "the test's query returned " + result.rows().size()
                    + " rows instead of one (is fail_calc an aggregate?)");
        }
        List<Object> row = result.rows().getFirst();
        long failures = row.get(0) == null ? 0 : ((Number) row.get(0)).longValue();
        boolean warn = truthy(row.get(1));
        boolean error = truthy(row.get(2));
        String status;
        String message = null;
        if ("ERROR".equals(config.severity()) && error) {
            status = "fail";
            message = "Got " + failures + " result" + (failures == 1 ? "" : "s") + ", configured to fail if " + errorIf;
        } else if (warn) {
            status = "warn";
            message = "Got " + failures + " result" + (failures == 1 ? "" : "s") + ", configured to warn if " + warnIf;
        } else {
            status = "pass";
        }
        return new Outcome(new AdapterResponse("SELECT", "SELECT", -1, null), List.copyOf(statements), failures, status, message);
    }

    private static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : value != null && "true".equalsIgnoreCase(String.valueOf(value));
    }
}
