package dev.lakehouse.spi.sql;

/**
 * A connection to a SQL engine of the lakehouse (Trino over JDBC, Spark in-process or over Spark Connect),
 * as the command line's {@code sql} uses it. Implementations may live in an isolated module: only JDK
 * types cross this interface.
 */
public interface SqlSession extends AutoCloseable {
    /** Runs one statement (no trailing semicolon). */
    SqlResult execute(String statement) throws Exception;

    /** What the prompt shows, e.g. "spark". */
    String engine();

    @Override
    void close() throws Exception;
}
