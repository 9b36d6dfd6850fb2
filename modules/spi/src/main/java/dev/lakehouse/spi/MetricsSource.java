package dev.lakehouse.spi;

/**
 * A component that reports numbers for the lakehouse's {@code GET /metrics}: the runtime finds it with
 * {@code service.unwrap(MetricsSource.class)} and asks it at every scrape, on a thread whose context class loader is
 * the module's. It stays in JDK types (through {@link MetricsSink}) because an isolated module cannot see the
 * host's Prometheus client; the host turns what it is told into the Prometheus text format.
 */
public interface MetricsSource {
    /**
     * Tells the sink the current values. Called at every scrape, so it must be cheap: read counters kept as the
     * work happens, and cache anything that costs a request (a scrape should answer in milliseconds).
     */
    void collect(MetricsSink sink);
}
