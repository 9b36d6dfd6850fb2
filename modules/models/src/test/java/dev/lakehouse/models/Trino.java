package dev.lakehouse.models;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Statements sent to the test lakehouse's Trino by hand: what the models' tables are compared with. */
final class Trino implements AutoCloseable {
    private final Connection connection;

    Trino(String jdbcUrl, String catalog) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        connection = new io.trino.jdbc.TrinoDriver().connect(jdbcUrl + "/" + catalog, properties);
    }

    void execute(String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Every row as its values' text, joined by " | ". */
    List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet results = statement.executeQuery(sql)) {
            int columns = results.getMetaData().getColumnCount();
            while (results.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    row.append(c == 1 ? "" : " | ").append(results.getString(c));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).getFirst());
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
