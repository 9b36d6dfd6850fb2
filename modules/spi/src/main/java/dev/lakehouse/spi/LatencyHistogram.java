package dev.lakehouse.spi;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Durations in seconds counted into fixed buckets, for a {@link MetricsSink#histogram}: a module records into it as
 * requests end, the host reads it at a scrape. Thread-safe and allocation-free on {@link #record}.
 */
public final class LatencyHistogram {
    /** Prometheus's default buckets: 5 ms to 10 s, which covers an S3 GET as well as an Iceberg commit. */
    public static final double[] DEFAULT_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final double[] upperBounds;
    /** One count per bucket (not cumulative), the last one for what is above every bound. */
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();

    public LatencyHistogram() {
        this(DEFAULT_BUCKETS);
    }

    public LatencyHistogram(double[] upperBounds) {
        this.upperBounds = upperBounds.clone();
        Arrays.sort(this.upperBounds);
        this.counts = new AtomicLongArray(this.upperBounds.length + 1);
    }

    /** Records one duration given in nanoseconds ({@code System.nanoTime()} differences). */
    public void recordNanos(long nanos) {
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < upperBounds.length && seconds > upperBounds[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sum.add(seconds);
    }

    /** The buckets' upper bounds in seconds, ascending (without the implicit +Inf). */
    public double[] upperBounds() {
        return upperBounds.clone();
    }

    /** The count of each bucket (not cumulative), one more than {@link #upperBounds()}: the last is above every bound. */
    public long[] bucketCounts() {
        long[] copy = new long[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    /** The sum of every recorded duration, in seconds. */
    public double sumSeconds() {
        return sum.sum();
    }
}
