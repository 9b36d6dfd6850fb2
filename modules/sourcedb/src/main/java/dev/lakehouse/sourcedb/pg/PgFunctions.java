package dev.lakehouse.sourcedb.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL catalog functions that H2 lacks or answers differently (its {@code format_type} ignores the type
 * modifier, its {@code pg_get_expr} always answers NULL). {@link PgCatalog} declares them as H2 aliases in
 * {@link PgCatalog#SCHEMA}; the front sends psql's calls there. H2 passes the calling session's connection to a
 * method whose first parameter is a {@link Connection}.
 */
public final class PgFunctions {
    private PgFunctions() {
    }

    /** pg_size_pretty: 8192 bytes, 16 kB, 12 MB... rounded as PostgreSQL does. */
    public static String sizePretty(Long bytes) {
        if (bytes == null) {
            return null;
        }
        long size = bytes;
        long limit = 10 * 1024;
        if (Math.abs(size) < limit) {
            return size + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        size >>= 9; // half-units, for rounding
        for (int i = 0; ; i++) {
            if (Math.abs(size) < limit * 2 - 1 || i == units.length - 1) {
                return (size + (size < 0 ? -1 : 1)) / 2 + " " + units[i];
            }
            size >>= 10;
        }
    }

    /** pg_table_size, pg_total_relation_size, pg_relation_size: the bytes H2 uses for the table. */
    public static Long tableSize(Connection connection, Integer oid) throws SQLException {
        if (oid == null) {
            return null;
        }
        try (PreparedStatement name = connection.prepareStatement(
                "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.id = c.relnamespace "
                        + "WHERE c.oid = ? AND c.relkind = 'r'")) {
            name.setInt(1, oid);
            try (ResultSet table = name.executeQuery()) {
                if (!table.next()) {
                    return 0L;
                }
                try (PreparedStatement size = connection.prepareStatement("SELECT DISK_SPACE_USED(?)")) {
                    size.setString(1, quote(table.getString(1)) + "." + quote(table.getString(2)));
                    try (ResultSet result = size.executeQuery()) {
                        return result.next() ? result.getLong(1) : 0L;
                    }
                }
            }
        }
    }

    public static Long tableSize(Connection connection, Integer oid, String fork) throws SQLException {
        return tableSize(connection, oid);
    }

    /** format_type: PostgreSQL's name of a type, with its length, precision and scale from the type modifier. */
    public static String formatType(Integer oid, Integer typeModifier) {
        if (oid == null) {
            return null;
        }
        int modifier = typeModifier == null ? -1 : typeModifier;
        return switch (oid) {
            case 16 -> "boolean";
            case 17 -> "bytea";
            case 18 -> "\"char\"";
            case 19 -> "name";
            case 20 -> "bigint";
            case 21 -> "smallint";
            case 23 -> "integer";
            case 25 -> "text";
            case 26 -> "oid";
            case 114 -> "json";
            case 700 -> "real";
            case 701 -> "double precision";
            case 1042 -> modifier > 4 ? "character(" + (modifier - 4) + ")" : "character";
            case 1043 -> modifier > 4 ? "character varying(" + (modifier - 4) + ")" : "character varying";
            case 1082 -> "date";
            case 1083 -> "time without time zone";
            case 1114 -> "timestamp without time zone";
            case 1184 -> "timestamp with time zone";
            case 1266 -> "time with time zone";
            case 1186 -> "interval";
            case 1700 -> modifier > 4 ? "numeric(" + ((modifier - 4) >> 16) + "," + ((modifier - 4) & 0xffff) + ")" : "numeric";
            case 2950 -> "uuid";
            case 3802 -> "jsonb";
            case 1000 -> "boolean[]";
            case 1005 -> "smallint[]";
            case 1007 -> "integer[]";
            case 1016 -> "bigint[]";
            case 1009 -> "text[]";
            case 1015 -> "character varying[]";
            case 2205 -> "regclass";
            default -> "unknown";
        };
    }

    public static String formatType(Integer oid) {
        return formatType(oid, -1);
    }

    /** pg_get_expr: the catalog views keep expressions as text already. */
    public static String getExpr(String expression, Integer relation) {
        return expression;
    }

    public static String getExpr(String expression, Integer relation, Boolean pretty) {
        return expression;
    }

    /** pg_get_indexdef: {@code CREATE [UNIQUE] INDEX name ON schema.table USING btree (columns)}, or one column. */
    public static String indexDefinition(Connection connection, Integer oid, Integer column, Boolean pretty) throws SQLException {
        if (oid == null) {
            return null;
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT c.relname, t.relname, n.nspname, i.indisunique, ic.column_name FROM pg_compat.pg_index i "
                        + "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_class t ON t.oid = i.indrelid "
                        + "JOIN pg_catalog.pg_namespace n ON n.id = t.relnamespace "
                        + "JOIN information_schema.index_columns ic ON ic.index_schema = n.nspname AND ic.index_name = c.relname "
                        + "AND ic.table_name = t.relname WHERE i.indexrelid = ? ORDER BY ic.ordinal_position")) {
            query.setInt(1, oid);
            try (ResultSet rows = query.executeQuery()) {
                List<String> columns = new ArrayList<>();
                String index = null;
                String table = null;
                boolean unique = false;
                while (rows.next()) {
                    index = rows.getString(1);
                    table = quote(rows.getString(3)) + "." + quote(rows.getString(2));
                    unique = rows.getBoolean(4);
                    columns.add(quote(rows.getString(5)));
                }
                if (index == null) {
                    return null;
                }
                if (column != null && column > 0) {
                    return column <= columns.size() ? columns.get(column - 1) : "";
                }
                return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + quote(index) + " ON " + table + " USING btree ("
                        + String.join(", ", columns) + ")";
            }
        }
    }

    public static String indexDefinition(Connection connection, Integer oid) throws SQLException {
        return indexDefinition(connection, oid, 0, false);
    }

    /** pg_get_constraintdef: {@code PRIMARY KEY (a)}, {@code FOREIGN KEY (a) REFERENCES t(b)}, {@code CHECK (...)}. */
    public static String constraintDefinition(Connection connection, Integer oid, Boolean pretty) throws SQLException {
        if (oid == null) {
            return null;
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT contype, condef FROM pg_compat.pg_constraint WHERE oid = ?")) {
            query.setInt(1, oid);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(2) : null;
            }
        }
    }

    public static String constraintDefinition(Connection connection, Integer oid) throws SQLException {
        return constraintDefinition(connection, oid, false);
    }

    /** {@code oid::regclass} of a column: the table's name (H2 answers the number). */
    public static String regclass(Connection connection, Integer oid) throws SQLException {
        if (oid == null) {
            return null;
        }
        String name = firstString(connection, "SELECT relname FROM pg_catalog.pg_class WHERE oid = ?", oid);
        return name == null ? String.valueOf(oid) : quote(name);
    }

    /** pg_get_viewdef: a view's query, as H2 keeps it. */
    public static String viewDefinition(Connection connection, Integer oid, Boolean pretty) throws SQLException {
        return firstString(connection, "SELECT v.view_definition FROM pg_catalog.pg_class c "
                + "JOIN pg_catalog.pg_namespace n ON n.id = c.relnamespace JOIN information_schema.views v "
                + "ON v.table_schema = n.nspname AND v.table_name = c.relname WHERE c.oid = ?", oid);
    }

    public static String viewDefinition(Connection connection, Integer oid) throws SQLException {
        return viewDefinition(connection, oid, false);
    }

    /** pg_get_triggerdef: H2's triggers are Java classes, pg_trigger lists none. */
    public static String triggerDefinition(Integer oid, Boolean pretty) {
        return null;
    }

    public static String triggerDefinition(Integer oid) {
        return null;
    }

    /** col_description: a column's comment (COMMENT ON COLUMN). */
    public static String columnDescription(Connection connection, Integer relation, Integer column) throws SQLException {
        return firstString(connection, "SELECT attremarks FROM pg_compat.pg_attribute WHERE attrelid = ? AND attnum = ?",
                relation, column);
    }

    /** obj_description: a table's or view's comment (COMMENT ON TABLE); other objects have none here. */
    public static String objectDescription(Connection connection, Integer oid, String catalog) throws SQLException {
        return firstString(connection, "SELECT t.remarks FROM pg_catalog.pg_class c "
                + "JOIN pg_catalog.pg_namespace n ON n.id = c.relnamespace JOIN information_schema.tables t "
                + "ON t.table_schema = n.nspname AND t.table_name = c.relname WHERE c.oid = ?", oid);
    }

    public static String objectDescription(Connection connection, Integer oid) throws SQLException {
        return objectDescription(connection, oid, null);
    }

    private static String firstString(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** An identifier as PostgreSQL prints it: quoted only when it must be. */
    static String quote(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
