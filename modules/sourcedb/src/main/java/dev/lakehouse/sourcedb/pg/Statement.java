package dev.lakehouse.sourcedb.pg;

import java.util.List;

/**
 * One client statement as the front forwards it, with what it must do to the answer.
 *
 * @param sql the SQL sent to H2 (rewritten)
 * @param verb the statement's kind as PostgreSQL names it in a command tag ("BEGIN", "CREATE TABLE"...)
 * @param returning for {@code INSERT/UPDATE/DELETE ... RETURNING} (sent as a query): that verb, else null
 * @param copyOut for {@code COPY ... TO STDOUT} (sent as a query): the format of the rows, else null
 * @param copyIn for {@code COPY ... FROM STDIN}: where the rows go, else null
 * @param labels PostgreSQL's names for result columns H2 calls {@code ?column?} (null entries: keep H2's)
 * @param error a statement the front refuses (a message), else null
 */
record Statement(String sql, String verb, String returning, CopyFormat copyOut, CopyIn copyIn, List<String> labels,
                 String error) {

    /** {@code COPY table [(columns)] FROM STDIN}: the rows are read by the front and inserted with one INSERT. */
    record CopyIn(String table, String columns, CopyFormat format) {
        /** A query that fails as the COPY would (no such table or column) and tells the number of columns. */
        String probe() {
            return "SELECT " + (columns == null ? "*" : columns) + " FROM " + table + " WHERE FALSE";
        }

        String insert(List<List<String>> rows) {
            return "INSERT INTO " + table + (columns == null ? "" : " (" + columns + ")") + " VALUES "
                    + CopyFormat.valuesClause(rows);
        }
    }

    static Statement plain(String sql, String verb, List<String> labels) {
        return new Statement(sql, verb, null, null, null, labels, null);
    }

    static Statement refused(String original, String message) {
        return new Statement(original, "", null, null, null, List.of(), message);
    }
}
