package dev.lakehouse.metastore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What Hive's schematool does with {@code -initSchema -dbType derby}, in-process: runs the release's own Derby schema
 * script (copied out of the release at build time) in one transaction, so that a database is either complete or absent.
 * HMS then starts with DataNucleus's table creation off and the schema version checked: DataNucleus creates missing
 * tables lazily, on first use, which would leave a half-made schema behind (the spike's trap).
 */
final class DerbySchema {
    static final String SCRIPT = "hive-schema-4.0.0.derby.sql";

    private DerbySchema() {
    }

    /** Creates the schema in an empty database. */
    static void create(Connection connection) throws IOException, SQLException {
        List<String> statements = statements(script());
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException("the metastore schema script failed at: " + abbreviate(sql) + ": " + e.getMessage(), e);
                }
            }
        }
        connection.commit();
    }

    private static String script() throws IOException {
        try (InputStream in = DerbySchema.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException("the metastore schema script " + SCRIPT + " is missing from the module (a broken build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The script's statements: comment lines dropped, statements ended by a ';' at the end of a line (as schematool reads it). */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(current.isEmpty() ? "" : "\n").append(trimmed);
            if (trimmed.endsWith(";")) {
                current.setLength(current.length() - 1);
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() <= 100 ? oneLine : oneLine.substring(0, 100) + "...";
    }
}
