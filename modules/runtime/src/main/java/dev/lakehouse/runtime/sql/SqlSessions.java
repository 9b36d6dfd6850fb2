package dev.lakehouse.runtime.sql;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The SQL sessions clients hold inside the lakehouse (Lakehouse#sql(), the API behind {@code lakehouse sql}),
 * by the id each client chose. A session forgotten by its client (the terminal closed) goes after an hour idle.
 */
public final class SqlSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqlSessions.class);
    private static final Duration IDLE = Duration.ofHours(1);

    /** Opens a session on an engine of this lakehouse. */
    @FunctionalInterface
    public interface Engine {
        SqlSession open(String user, String catalog) throws Exception;
    }

    private record Held(SqlSession session, Instant lastUsed) {
    }

    private final Map<String, Supplier<Optional<Engine>>> engines;
    private final Map<String, Held> sessions = new ConcurrentHashMap<>();

    /** @param engines by name ("trino", "spark"): empty while that engine does not run in this lakehouse */
    public SqlSessions(Map<String, Supplier<Optional<Engine>>> engines) {
        this.engines = Map.copyOf(engines);
    }

    /** Trino through its JDBC URL, with the connection properties it asks for (TLS and a password beyond loopback). */
    public static Engine trino(String jdbcUrl, java.util.Properties connection) {
        return (user, catalog) -> TrinoSqlSession.open(jdbcUrl, connection, user, catalog == null ? "iceberg" : catalog);
    }

    /** A new session of the given Spark application for each client session. */
    public static Engine spark(org.apache.spark.sql.SparkSession application) {
        return (user, catalog) -> SparkSqlSession.open(application, catalog);
    }

    /**
     * The client's session {@code id}, opened on first use.
     *
     * @throws IllegalArgumentException for an unknown engine
     * @throws IllegalStateException when the engine does not run in this lakehouse
     */
    public SqlSession session(String id, String engine, String user, String catalog) throws Exception {
        expireIdle();
        Held held = sessions.get(id);
        if (held != null && held.session().engine().equals(engine)) {
            sessions.put(id, new Held(held.session(), Instant.now()));
            return held.session();
        }
        Supplier<Optional<Engine>> factory = engines.get(engine);
        if (factory == null) {
            throw new IllegalArgumentException("unknown engine '" + engine + "': trino or spark");
        }
        Engine running = factory.get().orElseThrow(() -> new IllegalStateException(engine + " does not run in this lakehouse"));
        SqlSession session = running.open(user, catalog);
        Held previous = sessions.put(id, new Held(session, Instant.now()));
        if (previous != null) {
            previous.session().close();
        }
        return session;
    }

    /** The client is done with its session. */
    public void close(String id) {
        Held held = sessions.remove(id);
        if (held != null) {
            held.session().close();
        }
    }

    private void expireIdle() {
        Instant limit = Instant.now().minus(IDLE);
        sessions.forEach((id, held) -> {
            if (held.lastUsed().isBefore(limit) && sessions.remove(id, held)) {
                LOG.debug("SQL session {} closed after {} idle", id, IDLE);
                held.session().close();
            }
        });
    }

    @Override
    public void close() {
        sessions.values().forEach(held -> held.session().close());
        sessions.clear();
    }
}
