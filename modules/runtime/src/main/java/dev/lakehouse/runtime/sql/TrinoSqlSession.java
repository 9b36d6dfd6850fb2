package dev.lakehouse.runtime.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;

/** A connection to the lakehouse's Trino through its JDBC driver, as any Trino client would have. */
final class TrinoSqlSession implements SqlSession {
    private final Connection connection;
    private volatile Statement running;

    private TrinoSqlSession(Connection connection) {
        this.connection = connection;
    }

    /** @param jdbcUrl the coordinator's JDBC URL; {@code catalog} is the session's default catalog */
    static TrinoSqlSession open(String jdbcUrl, Properties connection, String user, String catalog) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(connection);
        properties.setProperty("user", user);
        properties.setProperty("source", "lakehouse-cli");
        // the driver itself, not DriverManager: DriverManager registered the drivers it saw from the first thread that
        // asked, and in this process that may be an isolated module's (H2's), which does not see Trino's
        return new TrinoSqlSession(new io.trino.jdbc.TrinoDriver().connect(jdbcUrl + "/" + catalog, properties));
    }

    @Override
    public String engine() {
        return "trino";
    }

    @Override
    public void execute(String sql, ResultSink sink) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            running = statement;
            if (!statement.execute(sql)) {
                long count = statement.getLargeUpdateCount();
                sink.done(count >= 0 ? OptionalLong.of(count) : OptionalLong.empty());
                return;
            }
            try (ResultSet results = statement.getResultSet()) {
                ResultSetMetaData metadata = results.getMetaData();
                List<ResultSink.Column> columns = new ArrayList<>();
                for (int c = 1; c <= metadata.getColumnCount(); c++) {
                    columns.add(new ResultSink.Column(metadata.getColumnLabel(c), metadata.getColumnTypeName(c)));
                }
                sink.columns(columns);
                while (results.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int c = 1; c <= columns.size(); c++) {
                        row.add(value(results, c));
                    }
                    sink.row(row);
                }
                sink.done(OptionalLong.empty());
            }
        } finally {
            running = null;
        }
    }

    /** Numbers, booleans and text as they are; anything else as Trino writes it (timestamps, arrays, rows). */
    private static Object value(ResultSet results, int column) throws SQLException {
        Object value = results.getObject(column);
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        return results.getString(column);
    }

    @Override
    public void cancel() {
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
}
