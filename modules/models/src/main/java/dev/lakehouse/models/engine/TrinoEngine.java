package dev.lakehouse.models.engine;

import dev.lakehouse.models.jinja.JinjaHost;
import io.trino.jdbc.TrinoStatement;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/** The lakehouse's Trino through its JDBC driver, one connection whose catalog is main's or the branch's. */
public final class TrinoEngine implements SqlEngine {
    private static final java.util.Set<String> COUNTED = java.util.Set.of("CREATE TABLE", "INSERT", "MERGE", "DELETE", "UPDATE");

    private final Connection connection;
    private final String catalog;
    private volatile Statement running;
    /** Once cancelled, no statement starts: a cancel that comes between two statements stops the next one too. */
    private volatile boolean cancelled;

    private TrinoEngine(Connection connection, String catalog) {
        this.connection = connection;
        this.catalog = catalog;
    }

    /** Connects to {@code jdbcUrl} with {@code catalog} as the session's catalog. */
    public static TrinoEngine connect(String jdbcUrl, String catalog, String user) throws EngineException {
        return connect(jdbcUrl, new Properties(), catalog, user);
    }

    /** @param connection the driver's properties besides the user (SSL and password when Trino asks for them) */
    public static TrinoEngine connect(String jdbcUrl, Properties connection, String catalog, String user) throws EngineException {
        Properties properties = new Properties();
        properties.putAll(connection);
        properties.setProperty("user", user);
        properties.setProperty("source", "lakehouse-models");
        try {
            // the driver itself, not DriverManager (see TrinoSqlSession: DriverManager may only know an isolated module's drivers)
            return new TrinoEngine(new io.trino.jdbc.TrinoDriver().connect(jdbcUrl + "/" + catalog, properties), catalog);
        } catch (SQLException e) {
            throw new EngineException("cannot connect to Trino at " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String type() {
        return "trino";
    }

    @Override
    public String catalog() {
        return catalog;
    }

    @Override
    public AdapterResponse execute(String sql) throws EngineException {
        AtomicReference<String> queryId = new AtomicReference<>();
        try (Statement statement = connection.createStatement()) {
            start(statement);
            TrinoStatement trino = statement.unwrap(TrinoStatement.class);
            trino.setProgressMonitor(stats -> queryId.set(stats.getQueryId()));
            boolean results = statement.execute(sql);
            if (results) {
                try (ResultSet rows = statement.getResultSet()) {
                    while (rows.next()) {
                        // drain: the statement completes when its results are read
                    }
                }
            }
            String type = trino.getUpdateType();
            String code = type == null ? "SUCCESS" : type;
            // the driver says 0 where Trino counts nothing (CREATE VIEW, DROP): only statements that write rows count them
            long count = results || !COUNTED.contains(code) ? -1 : statement.getLargeUpdateCount();
            // dbt-trino's message: the update type, with the rows when Trino counts them
            String message = count < 0 ? code : code + " (" + String.format(Locale.ROOT, "%,d", count).replace(',', '_') + " rows)";
            return new AdapterResponse(message, code, count, queryId.get());
        } catch (SQLException e) {
            throw new EngineException(message(e), e);
        } finally {
            running = null;
        }
    }

    @Override
    public JinjaHost.QueryResult query(String sql) throws EngineException {
        try (Statement statement = connection.createStatement()) {
            start(statement);
            try (ResultSet rows = statement.executeQuery(sql)) {
                ResultSetMetaData metadata = rows.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int c = 1; c <= metadata.getColumnCount(); c++) {
                    columns.add(metadata.getColumnLabel(c));
                }
                List<List<Object>> values = new ArrayList<>();
                while (rows.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int c = 1; c <= columns.size(); c++) {
                        row.add(value(rows, c));
                    }
                    values.add(row);
                }
                return new JinjaHost.QueryResult(columns, values);
            }
        } catch (SQLException e) {
            throw new EngineException(message(e), e);
        } finally {
            running = null;
        }
    }

    private static Object value(ResultSet rows, int column) throws SQLException {
        Object value = rows.getObject(column);
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        return rows.getString(column);
    }

    @Override
    public Map<String, String> relations(String schema) throws EngineException {
        Map<String, String> relations = new LinkedHashMap<>();
        JinjaHost.QueryResult result = query("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = "
                + literal(schema.toLowerCase(Locale.ROOT)));
        for (List<Object> row : result.rows()) {
            relations.put(String.valueOf(row.get(0)).toLowerCase(Locale.ROOT), "VIEW".equalsIgnoreCase(String.valueOf(row.get(1))) ? "view" : "table");
        }
        return relations;
    }

    @Override
    public List<Column> columns(String schema, String name) throws EngineException {
        List<Column> columns = new ArrayList<>();
        JinjaHost.QueryResult result = query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = "
                + literal(schema.toLowerCase(Locale.ROOT)) + " AND table_name = " + literal(name.toLowerCase(Locale.ROOT))
                + " ORDER BY ordinal_position");
        result.rows().forEach(row -> columns.add(new Column(String.valueOf(row.get(0)), String.valueOf(row.get(1)))));
        return columns;
    }

    @Override
    public List<Column> queryColumns(String sql) throws EngineException {
        try (Statement statement = connection.createStatement()) {
            start(statement);
            try (ResultSet rows = statement.executeQuery("SELECT * FROM (\n" + sql + "\n) dbt_sbq LIMIT 0")) {
                ResultSetMetaData metadata = rows.getMetaData();
                List<Column> columns = new ArrayList<>();
                for (int c = 1; c <= metadata.getColumnCount(); c++) {
                    columns.add(new Column(metadata.getColumnLabel(c), metadata.getColumnTypeName(c)));
                }
                return columns;
            }
        } catch (SQLException e) {
            throw new EngineException(message(e), e);
        } finally {
            running = null;
        }
    }

    @Override
    public void createSchema(String schema) throws EngineException {
        execute("CREATE SCHEMA IF NOT EXISTS " + naming().part(schema));
    }

    /** Makes {@code statement} the one a cancel stops, or refuses it when the run is cancelled already. */
    private void start(Statement statement) throws SQLException {
        running = statement;
        // after publishing it: a cancel either sees the statement or is seen here
        if (cancelled) {
            throw new SQLException("Query was canceled by the user (the run was stopped)");
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // it ended by itself
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the coordinator forgets the session either way
        }
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String message(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.replaceFirst("^Query failed \\(#[^)]*\\): ", "");
    }
}
