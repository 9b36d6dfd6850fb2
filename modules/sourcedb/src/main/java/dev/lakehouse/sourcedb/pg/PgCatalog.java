package dev.lakehouse.sourcedb.pg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Teaches H2 the PostgreSQL catalog its clients read ({@code pg_compat.sql}). H2 2.x builds {@code pg_catalog} in
 * code, at every start, from its own metadata: nothing of it is stored, so there is nothing it could re-install over
 * our additions, but its tables cannot be altered either. Hence the replacements in {@link #SCHEMA}, to which
 * {@link SqlRewriter} sends queries of the names below, and new views in {@code pg_catalog} itself. The script drops
 * and re-creates everything at each start, so a database always matches the code that serves it.
 */
public final class PgCatalog {
    /** The schema of the replacements (psql's \dn hides names starting with pg_; the views hide it too). */
    static final String SCHEMA = "pg_compat";
    /** pg_catalog tables H2 has, but without columns psql or the JDBC driver read: read from {@link #SCHEMA}. */
    static final Set<String> TABLES = Set.of("pg_class", "pg_namespace", "pg_attribute", "pg_attrdef", "pg_index",
            "pg_constraint", "pg_database", "pg_roles", "pg_user", "pg_type", "pg_trigger");
    /** Functions H2 lacks or answers differently: called in {@link #SCHEMA}. */
    static final Set<String> FUNCTIONS = Set.of("pg_size_pretty", "pg_table_size", "pg_total_relation_size",
            "pg_relation_size", "format_type", "pg_get_expr", "pg_get_indexdef", "pg_get_constraintdef", "pg_get_triggerdef", "pg_get_viewdef", "col_description",
            "obj_description");

    private PgCatalog() {
    }

    /** Where a query finds the replacement of a catalog table or function (a function alias may not take an H2 name). */
    static String compatName(String name) {
        return SCHEMA + "." + (FUNCTIONS.contains(name) ? "lh_" + name : name);
    }

    /** Creates (or re-creates) the catalog additions in the database of {@code connection}. */
    public static void install(Connection connection) throws SQLException {
        String script;
        try (InputStream in = PgCatalog.class.getResourceAsStream("pg_compat.sql")) {
            if (in == null) {
                throw new IllegalStateException("pg_compat.sql is missing from the sourcedb module");
            }
            script = new String(in.readAllBytes(), PgMessage.BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (java.sql.Statement statement = connection.createStatement()) {
            for (String sql : SqlTokens.statements(script)) {
                statement.execute(sql);
            }
        }
    }
}
