package dev.lakehouse.runtime.metrics;

import dev.lakehouse.spi.LatencyHistogram;
import dev.lakehouse.spi.MetricsSink;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the components tell a {@link MetricsSink} (JDK types, across class loaders) into the Prometheus client's
 * snapshots: the values of one name become one family. A name told with two types keeps the first, and the other
 * value is dropped: one component's slip must not break the whole scrape.
 */
final class SnapshotSink implements MetricsSink {
    private enum Type { COUNTER, GAUGE, HISTOGRAM, SUMMARY }

    private record Family(Type type, String help, List<Object> points) { }

    private final Map<String, Family> families = new LinkedHashMap<>();

    @Override
    public void counter(String name, String help, Map<String, String> labels, double value) {
        add(name, help, Type.COUNTER, CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(labels)).value(value).build());
    }

    @Override
    public void gauge(String name, String help, Map<String, String> labels, double value) {
        add(name, help, Type.GAUGE, GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(labels)).value(value).build());
    }

    @Override
    public void histogram(String name, String help, Map<String, String> labels, LatencyHistogram histogram) {
        double[] bounds = histogram.upperBounds();
        double[] withInfinity = java.util.Arrays.copyOf(bounds, bounds.length + 1);
        withInfinity[bounds.length] = Double.POSITIVE_INFINITY;
        add(name, help, Type.HISTOGRAM, HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels(labels))
                .classicHistogramBuckets(ClassicHistogramBuckets.of(withInfinity, histogram.bucketCounts()))
                .sum(histogram.sumSeconds()).build());
    }

    @Override
    public void summary(String name, String help, Map<String, String> labels, long count, double sum) {
        add(name, help, Type.SUMMARY, SummarySnapshot.SummaryDataPointSnapshot.builder().labels(labels(labels)).count(count).sum(sum).build());
    }

    private void add(String name, String help, Type type, Object point) {
        Family family = families.computeIfAbsent(name, n -> new Family(type, help, new ArrayList<>()));
        if (family.type == type) {
            family.points.add(point);
        }
    }

    private static Labels labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return Labels.EMPTY;
        }
        List<String> names = new ArrayList<>(labels.keySet());
        return Labels.of(names, names.stream().map(labels::get).toList());
    }

    /** Everything told so far, one snapshot per name. */
    MetricSnapshots snapshots() {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        families.forEach((name, family) -> snapshots.add(snapshot(name, family)));
        return new MetricSnapshots(snapshots);
    }

    private static MetricSnapshot snapshot(String name, Family family) {
        switch (family.type) {
            case COUNTER -> {
                CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(family.help);
                family.points.forEach(p -> builder.dataPoint((CounterSnapshot.CounterDataPointSnapshot) p));
                return builder.build();
            }
            case GAUGE -> {
                GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(family.help);
                family.points.forEach(p -> builder.dataPoint((GaugeSnapshot.GaugeDataPointSnapshot) p));
                return builder.build();
            }
            case HISTOGRAM -> {
                HistogramSnapshot.Builder builder = HistogramSnapshot.builder().name(name).help(family.help);
                family.points.forEach(p -> builder.dataPoint((HistogramSnapshot.HistogramDataPointSnapshot) p));
                return builder.build();
            }
            default -> {
                SummarySnapshot.Builder builder = SummarySnapshot.builder().name(name).help(family.help);
                family.points.forEach(p -> builder.dataPoint((SummarySnapshot.SummaryDataPointSnapshot) p));
                return builder.build();
            }
        }
    }
}
