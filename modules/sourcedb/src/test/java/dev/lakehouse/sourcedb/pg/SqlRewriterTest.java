package dev.lakehouse.sourcedb.pg;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlRewriterTest {
    @Test
    void splitsStatementsOutsideQuotesAndComments() {
        assertThat(SqlTokens.statements("SELECT ';'; -- a; comment\nSELECT \"a;b\" FROM t; /* x; */ ;; SELECT $$;$$"))
                .containsExactly("SELECT ';'", "-- a; comment\nSELECT \"a;b\" FROM t", "SELECT $$;$$");
        assertThat(SqlTokens.statements("  ;  ")).isEmpty();
    }

    @Test
    void psqlOperatorsAndCollations() {
        String sql = "SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relname OPERATOR(pg_catalog.~) '^(orders)$' "
                + "COLLATE pg_catalog.default AND n.nspname OPERATOR(pg_catalog.!~) 'OPERATOR(x)'";
        assertThat(SqlRewriter.catalogIdioms(sql)).isEqualTo("SELECT c.oid FROM pg_compat.pg_class c WHERE c.relname  ~  "
                + "'^(orders)$'  AND n.nspname  !~  'OPERATOR(x)'");
    }

    @Test
    void catalogTablesAndFunctionsGoToTheCompatSchema() {
        assertThat(SqlRewriter.catalogIdioms("SELECT pg_catalog.pg_size_pretty(pg_catalog.pg_table_size(c.oid)), "
                + "format_type(a.atttypid, a.atttypmod), pg_catalog.pg_get_userbyid(1) FROM pg_namespace n, "
                + "pg_catalog.pg_attribute a JOIN pg_type t ON true WHERE x.pg_class = 'pg_catalog.pg_class'"))
                .isEqualTo("SELECT pg_compat.lh_pg_size_pretty(pg_compat.lh_pg_table_size(c.oid)), "
                        + "pg_compat.lh_format_type(a.atttypid, a.atttypmod), pg_catalog.pg_get_userbyid(1) "
                        + "FROM pg_compat.pg_namespace n, pg_compat.pg_attribute a JOIN pg_compat.pg_type t ON true "
                        + "WHERE x.pg_class = 'pg_catalog.pg_class'");
    }

    @Test
    void castsEscapedStringsAndRegclass() {
        assertThat(SqlRewriter.catalogIdioms("SELECT ''::pg_catalog.char, 'x'::pg_catalog.text, 1::oid, 'n'::\"char\", "
                + "r.conrelid::pg_catalog.regclass, 'orders'::regclass, E'a\\nb\\'c', pg_catalog.unnest(x)"))
                .isEqualTo("SELECT ''::char, 'x'::text, 1::integer, 'n'::char, pg_compat.lh_regclass(r.conrelid), "
                        + "'orders'::regclass, 'a\nb''c', unnest(x)");
    }

    @Test
    void returningBecomesADataChangeDeltaTable() {
        Statement insert = SqlRewriter.statement("INSERT INTO notes (body) VALUES ('a') RETURNING id, body;");
        assertThat(insert.sql()).isEqualTo("SELECT id, body FROM FINAL TABLE (INSERT INTO notes (body) VALUES ('a')) notes");
        assertThat(insert.returning()).isEqualTo("INSERT");
        assertThat(SqlRewriter.statement("UPDATE notes n SET body = 'b' RETURNING n.id").sql())
                .isEqualTo("SELECT n.id FROM FINAL TABLE (UPDATE notes n SET body = 'b') n");
        assertThat(SqlRewriter.statement("DELETE FROM public.notes WHERE body = 'returning' RETURNING *").sql())
                .isEqualTo("SELECT * FROM OLD TABLE (DELETE FROM public.notes WHERE body = 'returning') notes");
        assertThat(SqlRewriter.statement("INSERT INTO notes (body) VALUES ('returning x')").returning()).isNull();
    }

    @Test
    void copyToStdoutIsTheQuery() {
        Statement copy = SqlRewriter.statement("COPY ( SELECT a FROM t ) TO STDOUT WITH (FORMAT csv, HEADER)");
        assertThat(copy.sql()).isEqualTo("SELECT a FROM t");
        assertThat(copy.copyOut().csv()).isTrue();
        assertThat(copy.copyOut().header()).isTrue();
        Statement legacy = SqlRewriter.statement("COPY t (a, b) TO STDOUT WITH DELIMITER AS ';' CSV HEADER NULL 'x'");
        assertThat(legacy.sql()).isEqualTo("SELECT a, b FROM t");
        assertThat(legacy.copyOut()).isEqualTo(new CopyFormat(true, true, ';', "x", '"', '"'));
        assertThat(SqlRewriter.statement("COPY t TO STDOUT").copyOut()).isEqualTo(CopyFormat.TEXT);
        assertThat(SqlRewriter.statement("COPY t TO '/etc/passwd'").error()).contains("not supported");
        assertThat(SqlRewriter.statement("COPY t TO STDOUT (FORMAT binary)").error()).contains("binary");
    }

    @Test
    void copyFromStdinIsTakenOver() {
        Statement copy = SqlRewriter.statement("COPY  notes (order_id, body) FROM STDIN  csv header");
        assertThat(copy.copyIn()).isEqualTo(new Statement.CopyIn("notes", "order_id, body", CopyFormat.CSV.withHeader(true)));
        assertThat(copy.copyIn().probe()).isEqualTo("SELECT order_id, body FROM notes WHERE FALSE");
        assertThat(copy.copyIn().insert(List.of(Arrays.asList("1", "it's"), Arrays.asList(null, ""))))
                .isEqualTo("INSERT INTO notes (order_id, body) VALUES ('1', 'it''s'), (NULL, '')");
    }

    @Test
    void commandTags() {
        assertThat(tag("ROLLBACK", "UPDATE 0", 0)).isEqualTo("ROLLBACK");
        assertThat(tag("commit", "UPDATE 0", 0)).isEqualTo("COMMIT");
        assertThat(tag("CREATE TABLE IF NOT EXISTS t (a INT)", "UPDATE 0", 0)).isEqualTo("CREATE TABLE");
        assertThat(tag("CREATE OR REPLACE VIEW v AS SELECT 1", "UPDATE 0", 0)).isEqualTo("CREATE VIEW");
        assertThat(tag("DROP TABLE t", "UPDATE 0", 0)).isEqualTo("DROP TABLE");
        assertThat(tag("SET search_path = public", "UPDATE 0", 0)).isEqualTo("SET");
        assertThat(tag("SELECT 1", "SELECT", 1)).isEqualTo("SELECT 1");
        assertThat(tag("UPDATE t SET a = 1", "UPDATE 3", 3)).isEqualTo("UPDATE 3");
        assertThat(tag("INSERT INTO t VALUES (1) RETURNING a", "SELECT", 1)).isEqualTo("INSERT 0 1");
        assertThat(tag("START TRANSACTION", "BEGIN", 0)).isEqualTo("START TRANSACTION");
        assertThat(SqlRewriter.statement("START TRANSACTION ISOLATION LEVEL SERIALIZABLE").sql()).isEqualTo("BEGIN");
        assertThat(SqlRewriter.statement("SET extra_float_digits = 3").sql()).startsWith("SET @");
    }

    private static String tag(String sql, String h2Tag, long rows) {
        return Replies.commandTag(h2Tag, SqlRewriter.statement(sql), rows);
    }

    @Test
    void labelsWherePostgresqlNamesColumnsOtherwise() {
        assertThat(SqlRewriter.labels("SELECT count(*), max(a) AS m, pg_catalog.lower(b), a, CASE WHEN a THEN 1 END, "
                + "n.nspname AS \"Schema\", sum(x) FILTER (WHERE y) FROM t"))
                .containsExactly("count", null, "lower", null, "case", "Schema", "sum");
        assertThat(SqlRewriter.labels("SELECT * FROM t")).isEmpty();
        assertThat(SqlRewriter.labels("WITH x AS (SELECT 1) SELECT count(*) FROM x")).containsExactly("count");
    }

    @Test
    void errorsLoseTheRepeatedStatementAndTheJavaException() {
        PgMessage h2 = PgMessage.withFields('E', new java.util.LinkedHashMap<>(java.util.Map.of('S', "ERROR", 'C', "42S22",
                'M', "Column \"x\" not found; SQL statement:\nSELECT x FROM t [42122-252]",
                'D', "org.h2.jdbc.JdbcSQLSyntaxErrorException: Column \"x\" not found")));
        var fields = Replies.error(h2).fields();
        assertThat(fields.get('M')).isEqualTo("Column \"x\" not found");
        assertThat(fields.get('C')).isEqualTo("42703");
        assertThat(fields).doesNotContainKey('D');
    }
}
