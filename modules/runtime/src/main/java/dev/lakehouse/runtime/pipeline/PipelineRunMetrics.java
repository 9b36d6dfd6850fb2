package dev.lakehouse.runtime.pipeline;

import dev.lakehouse.spi.LatencyHistogram;
import dev.lakehouse.spi.MetricsSink;
import dev.lakehouse.spi.MetricsSource;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The pipelines' runs for /metrics: how many ended in each status, how long they took, how many run now. */
public final class PipelineRunMetrics implements MetricsSource {
    /** Pipeline runs take seconds to hours: buckets from a second to an hour. */
    private static final double[] DURATION_BUCKETS = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600};

    private final Map<String, Map<PipelineRun.Status, LongAdder>> ended = new ConcurrentHashMap<>();
    private final Map<String, LatencyHistogram> durations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    /** With every status of every pipeline at zero, so the series exist before the first run ends. */
    PipelineRunMetrics(Collection<String> pipelines) {
        pipelines.forEach(this::of);
    }

    /** The figures of a lakehouse whose pipelines have not run yet. */
    public static PipelineRunMetrics before(Collection<String> pipelines) {
        return new PipelineRunMetrics(pipelines);
    }

    void started(String pipeline) {
        of(pipeline);
        running.get(pipeline).incrementAndGet();
    }

    void ended(String pipeline, PipelineRun.Outcome outcome) {
        running.get(pipeline).decrementAndGet();
        ended.get(pipeline).get(outcome.status()).increment();
        durations.get(pipeline).recordNanos(outcome.took().toNanos());
    }

    private void of(String pipeline) {
        ended.computeIfAbsent(pipeline, p -> {
            Map<PipelineRun.Status, LongAdder> byStatus = new ConcurrentHashMap<>();
            for (PipelineRun.Status status : PipelineRun.Status.values()) {
                if (status != PipelineRun.Status.RUNNING) {
                    byStatus.put(status, new LongAdder());
                }
            }
            return byStatus;
        });
        durations.computeIfAbsent(pipeline, p -> new LatencyHistogram(DURATION_BUCKETS));
        running.computeIfAbsent(pipeline, p -> new AtomicInteger());
    }

    @Override
    public void collect(MetricsSink sink) {
        ended.forEach((pipeline, byStatus) -> byStatus.forEach((status, count) -> sink.counter("lakehouse_pipeline_runs",
                "Pipeline runs that ended, by how", Map.of("pipeline", pipeline, "status", status.name().toLowerCase(java.util.Locale.ROOT)),
                count.sum())));
        running.forEach((pipeline, count) -> sink.gauge("lakehouse_pipeline_runs_running", "Pipeline runs under way",
                Map.of("pipeline", pipeline), count.get()));
        durations.forEach((pipeline, histogram) -> sink.histogram("lakehouse_pipeline_run_duration_seconds",
                "How long pipeline runs took, start to end", Map.of("pipeline", pipeline), histogram));
    }
}
