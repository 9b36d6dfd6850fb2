package dev.lakehouse.spi;

import java.util.List;
import java.util.Optional;

/**
 * A running component of the lakehouse: the object store, the catalog, the broker... Created by its
 * {@link ServiceFactory}, started once, closed once. The runtime calls every method on a thread whose
 * context class loader is the module's own, so threads the service creates inherit it.
 */
public interface Service extends AutoCloseable {
    /** Starts the service and returns only once it answers requests on its endpoints. */
    void start() throws Exception;

    /** Where clients reach the service; complete once {@link #start()} returned. */
    List<Endpoint> endpoints();

    /** A cheap probe of whether the service still serves. */
    default Health health() {
        return Health.up();
    }

    /**
     * An object the service runs in this JVM, for a host that shares its class path (Spark's SparkSession).
     * Isolated server modules have nothing to hand over: their classes are not the host's.
     */
    default <T> Optional<T> unwrap(Class<T> type) {
        return Optional.empty();
    }

    /** Stops the service and releases every thread, port and file handle it holds. Safe to call twice. */
    @Override
    void close() throws Exception;
}
