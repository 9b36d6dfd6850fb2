package dev.lakehouse.models;

import dev.lakehouse.models.engine.SqlEngine;
import dev.lakehouse.models.jinja.JinjaHost;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An engine that remembers the statements it gets and which relations they made: the runner without a stack. */
final class FakeEngine implements SqlEngine {
    private static final Pattern CREATE = Pattern.compile("^CREATE OR REPLACE (VIEW|TABLE) (\\S+)");

    final List<String> statements = new ArrayList<>();
    final Map<String, Map<String, String>> relations = new HashMap<>();
    /** What a test's query counts as failing rows; 0 unless a test says otherwise. */
    Function<String, Long> failures = sql -> 0L;

    @Override
    public String type() {
        return "trino";
    }

    @Override
    public String catalog() {
        return "iceberg";
    }

    @Override
    public AdapterResponse execute(String sql) {
        statements.add(sql);
        Matcher create = CREATE.matcher(sql);
        if (create.find()) {
            String[] parts = create.group(2).split("\\.");
            relations.computeIfAbsent(parts[0], s -> new HashMap<>()).put(parts[1], create.group(1).equals("VIEW") ? "view" : "table");
            return new AdapterResponse("CREATE " + create.group(1), "CREATE " + create.group(1), -1, "q");
        }
        return new AdapterResponse("SUCCESS", "SUCCESS", -1, "q");
    }

    @Override
    public JinjaHost.QueryResult query(String sql) {
        statements.add(sql);
        if (sql.startsWith("SELECT\n  count(*) AS failures")) {
            long count = failures.apply(sql);
            return new JinjaHost.QueryResult(List.of("failures", "should_warn", "should_error"), List.of(List.of(count, count != 0, count != 0)));
        }
        return new JinjaHost.QueryResult(List.of(), List.of());
    }

    @Override
    public Map<String, String> relations(String schema) {
        return relations.getOrDefault(schema, Map.of());
    }

    @Override
    public List<Column> columns(String schema, String name) {
        return List.of(new Column("event_id", "bigint"), new Column("order_id", "bigint"), new Column("status", "varchar"),
                new Column("changed_at", "timestamp(6)"));
    }

    @Override
    public List<Column> queryColumns(String sql) {
        return columns(null, null);
    }

    @Override
    public void createSchema(String schema) {
        statements.add("CREATE SCHEMA IF NOT EXISTS " + schema);
    }

    @Override
    public void cancel() {
    }

    @Override
    public void close() {
    }
}
