package dev.lakehouse.trino;

import dev.lakehouse.spi.MetricsSink;
import dev.lakehouse.spi.MetricsSource;
import io.airlift.stats.TimeDistribution;
import io.trino.dispatcher.DispatchManager;
import io.trino.execution.QueryManagerStats;

import java.util.Map;

/**
 * The coordinator's query figures for /metrics, read from Trino's own statistics (the ones its JMX bean
 * trino.execution:name=QueryManager shows; our Trino's beans are in a private MBeanServer, so we ask the dispatcher
 * directly): queries queued and running now, started, completed and failed since the start, and the time they took.
 */
final class TrinoMetrics implements MetricsSource {
    private final DispatchManager dispatcher;

    TrinoMetrics(DispatchManager dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void collect(MetricsSink sink) {
        QueryManagerStats stats = dispatcher.getStats();
        sink.gauge("lakehouse_trino_queries_running", "Trino queries running now", Map.of(), dispatcher.getRunningQueries());
        sink.gauge("lakehouse_trino_queries_queued", "Trino queries waiting for resources now", Map.of(), dispatcher.getQueuedQueries());
        sink.counter("lakehouse_trino_queries_started", "Trino queries started", Map.of(), stats.getStartedQueries().getTotalCount());
        sink.counter("lakehouse_trino_queries_completed", "Trino queries that ended (failed ones included)", Map.of(),
                stats.getCompletedQueries().getTotalCount());
        String failed = "Trino queries that failed, by whose fault (user: bad SQL, missing table; internal; external: a"
                + " connector's source; insufficient_resources: memory limits)";
        sink.counter("lakehouse_trino_queries_failed", failed, Map.of("cause", "user"), stats.getUserErrorFailures().getTotalCount());
        sink.counter("lakehouse_trino_queries_failed", failed, Map.of("cause", "internal"), stats.getInternalFailures().getTotalCount());
        sink.counter("lakehouse_trino_queries_failed", failed, Map.of("cause", "external"), stats.getExternalFailures().getTotalCount());
        sink.counter("lakehouse_trino_queries_failed", failed, Map.of("cause", "insufficient_resources"),
                stats.getInsufficientResourcesFailures().getTotalCount());
        summary(sink, "lakehouse_trino_query_execution_seconds", "Time Trino queries spent executing", stats.getExecutionTime().getAllTime());
        summary(sink, "lakehouse_trino_query_queued_seconds", "Time Trino queries spent queued", stats.getQueuedTime().getAllTime());
    }

    /** Trino keeps an all-time distribution of these times: its count and average make a summary's count and sum. */
    private static void summary(MetricsSink sink, String name, String help, TimeDistribution distribution) {
        double count = distribution.getCount();
        double average = count == 0 || Double.isNaN(distribution.getAvg()) ? 0 : distribution.getAvg();
        double unitSeconds = distribution.getUnit().toNanos(1) / 1e9;
        sink.summary(name, help, Map.of(), Math.round(count), average * count * unitSeconds);
    }
}
