package dev.lakehouse.catalog.iceberg;

import dev.lakehouse.spi.LatencyHistogram;
import dev.lakehouse.spi.MetricsSink;
import dev.lakehouse.spi.MetricsSource;
import org.apache.iceberg.exceptions.CommitFailedException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The Iceberg REST commits for /metrics, by kind (a table's create, a table's update, a multi-table transaction): how
 * many committed, how many were refused as conflicts (409: a requirement no longer held, another writer won the
 * race; the client retries), how many failed otherwise, and how long each took.
 */
public final class CommitMetrics implements MetricsSource {
    /** Which route the commit came through. */
    public enum Kind { CREATE, UPDATE, TRANSACTION }

    private record Key(Kind kind, String outcome) { }

    private final Map<Key, LongAdder> commits = new ConcurrentHashMap<>();
    private final Map<Kind, LatencyHistogram> latency = new ConcurrentHashMap<>();

    public CommitMetrics() {
        for (Kind kind : Kind.values()) {
            for (String outcome : new String[] {"committed", "conflict", "failed"}) {
                commits.put(new Key(kind, outcome), new LongAdder());
            }
            latency.put(kind, new LatencyHistogram());
        }
    }

    /** Runs a commit and counts how it ended. */
    <T> T time(Kind kind, Supplier<T> commit) {
        long begin = System.nanoTime();
        String outcome = "failed";
        try {
            T result = commit.get();
            outcome = "committed";
            return result;
        } catch (CommitFailedException e) {
            outcome = "conflict";
            throw e;
        } finally {
            commits.get(new Key(kind, outcome)).increment();
            latency.get(kind).recordNanos(System.nanoTime() - begin);
        }
    }

    @Override
    public void collect(MetricsSink sink) {
        commits.forEach((key, count) -> sink.counter("lakehouse_catalog_commits", "Iceberg REST commits, by kind and outcome"
                + " (committed; conflict: refused with 409, the client retries; failed: any other error)",
                Map.of("kind", key.kind().name().toLowerCase(java.util.Locale.ROOT), "outcome", key.outcome()), count.sum()));
        latency.forEach((kind, histogram) -> sink.histogram("lakehouse_catalog_commit_duration_seconds",
                "How long an Iceberg REST commit took (checks, metadata file written, Nessie commit)",
                Map.of("kind", kind.name().toLowerCase(java.util.Locale.ROOT)), histogram));
    }
}
