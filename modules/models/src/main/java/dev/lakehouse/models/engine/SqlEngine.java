package dev.lakehouse.models.engine;

import dev.lakehouse.models.jinja.JinjaHost;
import dev.lakehouse.models.jinja.Relation;

import java.util.List;
import java.util.Map;

/**
 * The engine a project builds on, as the runner needs it: statements, queries, what a schema holds, a table's
 * columns. One session of Trino (a JDBC connection) or of Spark (a SparkSession of the lakehouse's application),
 * whose default catalog is main's or the branch's, so that two-part names (schema.table) land where they should.
 */
public interface SqlEngine extends AutoCloseable {
    /** "trino" or "spark", as dbt's adapter type. */
    String type();

    /** The session's catalog: iceberg or iceberg_BRANCH on Trino, lakehouse or lakehouse_BRANCH on Spark. */
    String catalog();

    default Relation.Naming naming() {
        return new Relation.Naming("spark".equals(type()) ? '`' : '"', catalog());
    }

    /** Runs a statement. */
    AdapterResponse execute(String sql) throws EngineException;

    /** Runs a query and returns its rows. */
    JinjaHost.QueryResult query(String sql) throws EngineException;

    /** The relations of a schema in the session's catalog: lower-case name to "table" or "view"; empty when there is no schema. */
    Map<String, String> relations(String schema) throws EngineException;

    /** A relation's columns, in order: name and data type. */
    List<Column> columns(String schema, String name) throws EngineException;

    /** The columns a query would give (without running it). */
    List<Column> queryColumns(String sql) throws EngineException;

    void createSchema(String schema) throws EngineException;

    /** Stops the running statement (Ctrl-C). */
    void cancel();

    @Override
    void close();

    /** A column: its name and the engine's name for its type. */
    record Column(String name, String dataType) {
    }

    /** What a statement did, as dbt's adapter_response: the message shown in [brackets], rows affected, query id. */
    record AdapterResponse(String message, String code, long rowsAffected, String queryId) {
        public static AdapterResponse ok() {
            return new AdapterResponse("OK", "OK", -1, null);
        }
    }

    /** A statement the engine refused: its message, and where in the statement, when it says. */
    final class EngineException extends Exception {
        private static final long serialVersionUID = 1L;
        private static final java.util.regex.Pattern TRINO_LINE = java.util.regex.Pattern.compile("line (\\d+):(\\d+)");
        private static final java.util.regex.Pattern SPARK_LINE = java.util.regex.Pattern.compile("line (\\d+),? pos (\\d+)");

        private final int line;

        public EngineException(String message, Throwable cause) {
            super(message, cause, false, false);
            this.line = lineOf(message);
        }

        /** 1-based line in the statement the engine names, or 0. */
        public int line() {
            return line;
        }

        private static int lineOf(String message) {
            if (message == null) {
                return 0;
            }
            java.util.regex.Matcher trino = TRINO_LINE.matcher(message);
            if (trino.find()) {
                return Integer.parseInt(trino.group(1));
            }
            java.util.regex.Matcher spark = SPARK_LINE.matcher(message);
            return spark.find() ? Integer.parseInt(spark.group(1)) : 0;
        }
    }
}
