package dev.lakehouse.runtime.metrics;

import dev.lakehouse.runtime.Lakehouse;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * What {@code GET /metrics} answers: one Prometheus registry per lakehouse, holding the JVM's metrics (the official
 * client's {@link JvmMetrics}: memory, GC, threads, file descriptors...) and one collector that asks every running
 * component at scrape time ({@link Lakehouse#collectMetrics}) plus the data directory's size. Nothing is pushed or
 * sampled in between: a scrape reads the counters the components keep as they work.
 */
public final class LakehouseMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public LakehouseMetrics(Lakehouse lakehouse) {
        JvmMetrics.builder().register(registry);
        DataDirSize dataDirSize = new DataDirSize(lakehouse.dataDir());
        registry.register((MultiCollector) () -> {
            SnapshotSink sink = new SnapshotSink();
            lakehouse.collectMetrics(sink);
            dataDirSize.collect(sink);
            return sink.snapshots();
        });
    }

    /** The Prometheus text format's content type (version 0.0.4). */
    public String contentType() {
        return writer.getContentType();
    }

    /** Every metric now, in the Prometheus text format. */
    public byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }
}
