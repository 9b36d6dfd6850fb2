package dev.lakehouse.spark;

import dev.lakehouse.spi.MetricsSink;
import dev.lakehouse.spi.MetricsSource;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Spark's jobs, stages and streaming queries for /metrics, from one listener on the SparkContext's bus. The streaming
 * queries' progress events travel on that bus too, so this one listener sees the queries of every session (each
 * pipeline run has its own), where a StreamingQueryListener would see only its own session's. A query's figures are
 * those of its last micro-batch, kept until the query ends.
 */
final class SparkMetrics extends SparkListener implements MetricsSource {
    private final LongAdder jobsSucceeded = new LongAdder();
    private final LongAdder jobsFailed = new LongAdder();
    private final AtomicInteger jobsActive = new AtomicInteger();
    private final LongAdder stagesCompleted = new LongAdder();
    private final LongAdder stagesFailed = new LongAdder();
    /** Query run id to its last progress. */
    private final Map<String, StreamingQueryProgress> queries = new ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        jobsActive.incrementAndGet();
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd jobEnd) {
        jobsActive.decrementAndGet();
        (jobEnd.jobResult() instanceof JobFailed ? jobsFailed : jobsSucceeded).increment();
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted stageCompleted) {
        (stageCompleted.stageInfo().failureReason().isDefined() ? stagesFailed : stagesCompleted).increment();
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
        if (event instanceof StreamingQueryListener.QueryProgressEvent progress) {
            queries.put(progress.progress().runId().toString(), progress.progress());
        } else if (event instanceof StreamingQueryListener.QueryTerminatedEvent terminated) {
            queries.remove(terminated.runId().toString());
        }
    }

    @Override
    public void collect(MetricsSink sink) {
        sink.counter("lakehouse_spark_jobs", "Spark jobs that ended, by result", Map.of("result", "succeeded"), jobsSucceeded.sum());
        sink.counter("lakehouse_spark_jobs", "Spark jobs that ended, by result", Map.of("result", "failed"), jobsFailed.sum());
        sink.gauge("lakehouse_spark_jobs_active", "Spark jobs running now", Map.of(), Math.max(0, jobsActive.get()));
        sink.counter("lakehouse_spark_stages", "Spark stages that ended, by result", Map.of("result", "completed"), stagesCompleted.sum());
        sink.counter("lakehouse_spark_stages", "Spark stages that ended, by result", Map.of("result", "failed"), stagesFailed.sum());
        sink.gauge("lakehouse_spark_streaming_queries_active", "Streaming queries that reported progress and have not ended",
                Map.of(), queries.size());
        for (StreamingQueryProgress progress : queries.values()) {
            Map<String, String> query = Map.of("query", progress.name() != null ? progress.name() : progress.id().toString());
            sink.gauge("lakehouse_spark_streaming_input_rows_per_second", "Rows per second a streaming query's last batch read",
                    query, finite(progress.inputRowsPerSecond()));
            sink.gauge("lakehouse_spark_streaming_processed_rows_per_second", "Rows per second a streaming query's last batch processed",
                    query, finite(progress.processedRowsPerSecond()));
            sink.gauge("lakehouse_spark_streaming_batch_duration_seconds", "How long a streaming query's last micro-batch took",
                    query, progress.batchDuration() / 1000.0);
            long behind = 0;
            boolean known = false;
            for (SourceProgress source : progress.sources()) {
                String offsets = source.metrics() == null ? null : source.metrics().get("maxOffsetsBehindLatest");
                if (offsets != null) {
                    behind += Long.parseLong(offsets);
                    known = true;
                }
            }
            if (known) {
                sink.gauge("lakehouse_spark_streaming_lag_offsets", "Offsets a streaming query is behind its Kafka source's latest"
                        + " (the partition furthest behind, summed over sources), as of its last batch", query, behind);
            }
        }
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }
}
