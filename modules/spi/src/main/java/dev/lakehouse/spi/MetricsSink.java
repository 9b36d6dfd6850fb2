package dev.lakehouse.spi;

import java.util.Map;

/**
 * Where a {@link MetricsSource} puts its values, in Prometheus's terms with JDK types. Names follow Prometheus's
 * conventions: {@code lakehouse_<component>_<what>_<unit>}, units spelled out ({@code _seconds}, {@code _bytes}).
 * A counter's name is given without the {@code _total} the text format adds. Each label set of one name is one
 * series; the same name must keep its type and help.
 */
public interface MetricsSink {
    /** A value that only goes up while the lakehouse runs (requests served, bytes written). */
    void counter(String name, String help, Map<String, String> labels, double value);

    /** A value that goes up and down (queries running, bytes on disk). */
    void gauge(String name, String help, Map<String, String> labels, double value);

    /** A distribution with buckets (request latencies). */
    void histogram(String name, String help, Map<String, String> labels, LatencyHistogram histogram);

    /** A distribution known only by its count and sum (a duration some engine sums up for us). */
    void summary(String name, String help, Map<String, String> labels, long count, double sum);
}
