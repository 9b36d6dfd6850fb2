package dev.lakehouse.runtime.sql;

/**
 * A SQL session inside the lakehouse: a connection to one engine whose state (USE, SET, temporary views) lasts
 * from one statement to the next.
 */
public interface SqlSession extends AutoCloseable {
    /** "trino" or "spark". */
    String engine();

    /** Runs one statement, its answer going to {@code sink} as it comes. */
    void execute(String statement, ResultSink sink) throws Exception;

    /** Stops the statement running now, if any (from another thread). */
    void cancel();

    @Override
    void close();
}
