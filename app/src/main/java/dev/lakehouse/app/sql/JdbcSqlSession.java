package dev.lakehouse.app.sql;

import dev.lakehouse.spi.sql.SqlResult;
import dev.lakehouse.spi.sql.SqlSession;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;

/** SQL over a JDBC driver (Trino's): rows come back as JDK values, dates and times as java.time types. */
public final class JdbcSqlSession implements SqlSession {
    private final Connection connection;
    private final String engine;

    private JdbcSqlSession(Connection connection, String engine) {
        this.connection = connection;
        this.engine = engine;
    }

    public static JdbcSqlSession open(String url, Properties properties, String engine) throws SQLException {
        return new JdbcSqlSession(DriverManager.getConnection(url, properties), engine);
    }

    @Override
    public SqlResult execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                long count = statement.getLargeUpdateCount();
                return count >= 0 ? SqlResult.updated(count) : SqlResult.done();
            }
            try (ResultSet results = statement.getResultSet()) {
                ResultSetMetaData metadata = results.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int c = 1; c <= metadata.getColumnCount(); c++) {
                    columns.add(metadata.getColumnLabel(c));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (results.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int c = 1; c <= columns.size(); c++) {
                        row.add(jdkValue(results.getObject(c)));
                    }
                    rows.add(row);
                }
                return new SqlResult(columns, rows, OptionalLong.empty());
            }
        }
    }

    private static Object jdkValue(Object value) throws SQLException {
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Time time) {
            return time.toLocalTime();
        }
        if (value instanceof Array array) {
            return Arrays.deepToString((Object[]) array.getArray());
        }
        if (value instanceof byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return value.toString();
    }

    @Override
    public String engine() {
        return engine;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
