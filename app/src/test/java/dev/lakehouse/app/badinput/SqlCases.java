package dev.lakehouse.app.badinput;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static dev.lakehouse.app.badinput.Expect.statuses;

/** Bad SQL: through Trino's JDBC driver, and through the control API's /api/sql for Spark (what `lakehouse sql` sends). */
final class SqlCases {
    private static final String CANARY = "iceberg." + DamageCheck.SCHEMA + "." + DamageCheck.TABLE;
    private static final String SPARK_CANARY = DamageCheck.SCHEMA + "." + DamageCheck.TABLE;

    private final Stack stack;
    private final List<BadInputCase> cases = new ArrayList<>();

    private SqlCases(Stack stack) {
        this.stack = stack;
    }

    static List<BadInputCase> of(Stack stack) {
        SqlCases sql = new SqlCases(stack);
        if (stack.trinoJdbc() != null) {
            sql.trino();
        }
        if (stack.spark()) {
            sql.spark();
        }
        sql.api();
        return sql.cases;
    }

    private void trino() {
        trino("a syntax error", "SELEC 1", "mismatched input");
        trino("a table that does not exist", "SELECT * FROM iceberg." + DamageCheck.SCHEMA + ".no_such_table", "does not exist");
        trino("a catalog that does not exist", "SELECT * FROM no_such_catalog.s.t", "not found");
        trino("a column that does not exist in the canary", "SELECT no_such_column FROM " + CANARY, "cannot be resolved");
        trino("division by zero", "SELECT 1 / 0", "division by zero");
        trino("a cast that cannot succeed", "SELECT CAST('abc' AS integer)", "cannot cast");
        trino("an INSERT of the wrong types into the canary", "INSERT INTO " + CANARY + " VALUES ('not a number', 4)", "mismatch");
        trino("an INSERT of too many columns into the canary", "INSERT INTO " + CANARY + " VALUES (4, 'four', 'extra')", "mismatch");
        trino("an UPDATE of the canary that fails on one row (division by zero)", "UPDATE " + CANARY + " SET id = id / (id - 2)", "division by zero");
        trino("a MERGE into the canary whose source matches a row twice", "MERGE INTO " + CANARY + " t USING (VALUES (1), (1)) s(id) ON t.id = s.id "
                + "WHEN MATCHED THEN UPDATE SET name = 'twice'", "one source row");
        trino("a DROP of a table that does not exist", "DROP TABLE iceberg." + DamageCheck.SCHEMA + ".no_such_table", "does not exist");
        trino("a CREATE TABLE of the canary's name", "CREATE TABLE " + CANARY + " (x int)", "already exists");
        trino("a query over the memory limit (1 GB per query)", "SELECT cardinality(array_agg(repeat('x', 10000))) FROM unnest(sequence(1, 10000)) "
                + "CROSS JOIN unnest(sequence(1, 20))", "exceeded");
        trino("a query over a lowered session memory limit", null, "exceeded");
        trino("a statement of 1,000,000 characters", "SELECT " + "1 + ".repeat(250_000) + "1", "");
        trino("1,000 nested parentheses", "SELECT " + "(".repeat(1_000) + "1" + ")".repeat(1_000), "");
        trino("a sequence longer than Trino allows", "SELECT cardinality(sequence(1, 100000000))", "sequence");
        trino("a query cancelled by its time limit", null, "maximum time limit");
    }

    private void trino(String name, String sql, String word) {
        cases.add(new BadInputCase("sql-trino", name, "SQLException saying \"" + word + "\", the stack serves on", () -> {
            Properties properties = new Properties();
            properties.setProperty("user", "badinput");
            try (Connection connection = DriverManager.getConnection(stack.trinoJdbc(), properties);
                 Statement statement = connection.createStatement()) {
                String query = sql;
                if (name.contains("lowered session memory")) {
                    statement.execute("SET SESSION query_max_memory = '2MB'");
                    query = "SELECT count(DISTINCT comment) FROM tpch.sf1.orders";
                } else if (name.contains("time limit")) {
                    statement.execute("SET SESSION query_max_run_time = '2s'");
                    query = "SELECT count(*) FROM tpch.sf100.lineitem";
                }
                try {
                    statement.execute(query);
                    while (statement.getResultSet() != null && statement.getResultSet().next()) {
                        // read to the end: errors may come with the data
                    }
                } catch (SQLException e) {
                    String message = String.valueOf(e.getMessage());
                    if (!message.toLowerCase().contains(word.toLowerCase())) {
                        throw new AssertionError("Trino's error does not say \"" + word + "\": " + Commands.abbreviate(message));
                    }
                    if (message.contains("Internal error") || message.contains("NullPointerException")) {
                        throw new AssertionError("an internal error instead of a user error: " + Commands.abbreviate(message));
                    }
                    return;
                }
                if (!word.isEmpty()) {
                    throw new AssertionError("the statement succeeded; expected an error saying \"" + word + "\"");
                }
            }
        }));
    }

    private void spark() {
        spark("a syntax error", "SELEC 1", "PARSE_SYNTAX_ERROR");
        spark("a table that does not exist", "SELECT * FROM " + DamageCheck.SCHEMA + ".no_such_table", "TABLE_OR_VIEW_NOT_FOUND");
        spark("a column that does not exist in the canary", "SELECT no_such_column FROM " + SPARK_CANARY, "UNRESOLVED_COLUMN");
        spark("an INSERT of too many columns into the canary", "INSERT INTO " + SPARK_CANARY + " VALUES (4, 'four', 'extra')", "column");
        spark("a cast that cannot succeed (ANSI)", "SELECT CAST('abc' AS INT)", "CAST_INVALID_INPUT");
        spark("division by zero (ANSI)", "SELECT 1 / 0", "DIVIDE_BY_ZERO");
        spark("a CREATE TABLE of the canary's name", "CREATE TABLE " + SPARK_CANARY + " (x int)", "already exists");
        spark("a DELETE of the canary that fails on one row", "DELETE FROM " + SPARK_CANARY + " WHERE 1 / (id - 2) > 0", "DIVIDE_BY_ZERO");
        spark("an array over Spark's size limit", "SELECT size(sequence(1, 3000000000L))", "");
        spark("a statement of 1,000,000 characters", "SELECT " + "1 + ".repeat(250_000) + "1", "");
    }

    private void spark(String name, String sql, String word) {
        cases.add(new BadInputCase("sql-spark", name, "an error event saying \"" + word + "\", the stack serves on", () -> {
            HttpResponse<String> response = post("/api/sql", json("spark", sql));
            Expect.answer("/api/sql", response.statusCode(), response.body(), statuses(200));
            if (!response.body().contains("{\"error\"")) {
                throw new AssertionError("no error event: " + Commands.abbreviate(response.body()));
            }
            Expect.clear("/api/sql", response.body(), word);
        }));
    }

    private void api() {
        api("a body that is not JSON", "SELECT 1", statuses(400), "JSON");
        api("a body that is a JSON list", "[\"SELECT 1\"]", statuses(400), "object");
        api("no statement", "{\"engine\":\"spark\"}", statuses(400), "statement");
        api("a statement that is a number", "{\"engine\":\"spark\",\"statement\":42}", statuses(400), "statement");
        api("an engine that does not exist", "{\"engine\":\"oracle\",\"statement\":\"SELECT 1\"}", statuses(400), "unknown engine");
        api("a session id that is a list", "{\"engine\":\"spark\",\"statement\":\"SELECT 1\",\"session\":[\"x\"]}", statuses(400), "session");
        api("a catalog that does not exist (Trino)", "{\"engine\":\"trino\",\"statement\":\"SELECT 1\",\"catalog\":\"no_such_catalog\"}", statuses(200, 400), "");
        api("a body of 10 MB", "{\"engine\":\"trino\",\"statement\":\"SELECT '" + "x".repeat(10 * 1024 * 1024) + "'\"}", statuses(200, 400, 413), "");
    }

    private void api(String name, String body, Set<Integer> statuses, String word) {
        cases.add(new BadInputCase("sql-api", "/api/sql: " + name, statuses + " saying \"" + word + "\"", () -> {
            HttpResponse<String> response = post("/api/sql", body);
            Expect.answer("/api/sql", response.statusCode(), response.body(), statuses, word);
            if (response.body().contains("Exception:")) {
                throw new AssertionError("the answer names a Java exception: " + Commands.abbreviate(response.body()));
            }
        }));
    }

    private static String json(String engine, String sql) {
        return "{\"engine\":\"" + engine + "\",\"statement\":\"" + sql.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(stack.console(path)).timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
