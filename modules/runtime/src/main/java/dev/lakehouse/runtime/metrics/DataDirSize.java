package dev.lakehouse.runtime.metrics;

import dev.lakehouse.spi.MetricsSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The data directory's size on disk. Walking it costs a stat per file (thousands once Iceberg has written for a
 * while), too slow for every scrape: a scrape reports the last walk's figure and, when that is older than
 * {@link #MAX_AGE}, starts a new walk on a virtual thread of its own. The first scrape waits for the first walk.
 */
final class DataDirSize {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirSize.class);
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final Path dataDir;
    private final AtomicBoolean walking = new AtomicBoolean();
    private volatile long bytes = -1;
    private volatile long files;
    private volatile long walkedAtNanos;

    DataDirSize(Path dataDir) {
        this.dataDir = dataDir;
    }

    void collect(MetricsSink sink) {
        if (bytes < 0) {
            walk();
        } else if (System.nanoTime() - walkedAtNanos > MAX_AGE.toNanos() && walking.compareAndSet(false, true)) {
            Thread.ofVirtual().name("lakehouse-metrics-data-dir").start(() -> {
                try {
                    walk();
                } finally {
                    walking.set(false);
                }
            });
        }
        sink.gauge("lakehouse_data_dir_size_bytes", "Bytes in the files under the data directory (walked at most every "
                + MAX_AGE.toSeconds() + " s)", Map.of("path", dataDir.toString()), Math.max(bytes, 0));
        sink.gauge("lakehouse_data_dir_files", "Files under the data directory", Map.of("path", dataDir.toString()), files);
    }

    private void walk() {
        long[] total = new long[2];
        try {
            Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    total[0] += attributes.size();
                    total[1]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // files come and go while the stack writes (S3Proxy's temporary files, Kafka's segments)
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // not made yet
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("walking {} for its size: {}", dataDir, e.toString());
        }
        bytes = total[0];
        files = total[1];
        walkedAtNanos = System.nanoTime();
    }
}
