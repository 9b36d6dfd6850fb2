package dev.lakehouse.app.bench;

import dev.lakehouse.runtime.Lakehouse;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * {@code GET /metrics} on a full stack (every component) holding 100 Iceberg tables and 20 topics with a message each,
 * after a Spark job and a Trino query: the scrape time, median and p95 of {@code scrapes} scrapes after one warm-up
 * (the first also walks the data directory), the answer's size, and the heap the first scrape leaves (heap after GC
 * before and after it: the registry, the JVM collectors' state, the components' counters).
 */
final class MetricsBenchmark {
    private MetricsBenchmark() {
    }

    static void run(Results results, int tables, int topics, int scrapes) throws Exception {
        Path dataDir = TpchBenchmark.tempDir("lakehouse-bench-metrics");
        try (Lakehouse lakehouse = Lakehouse.builder().dataDir(dataDir).randomPorts().withConsole().start()) {
            Properties properties = new Properties();
            properties.setProperty("user", "bench");
            try (Connection connection = new io.trino.jdbc.TrinoDriver().connect(lakehouse.trinoJdbcUrl() + "/iceberg", properties);
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS bench_metrics");
                for (int i = 0; i < tables; i++) {
                    statement.execute("CREATE TABLE bench_metrics.t" + i + " (id BIGINT)");
                }
                statement.execute("INSERT INTO bench_metrics.t0 VALUES (1)");
            }
            for (int i = 0; i < topics; i++) {
                lakehouse.topics().create("bench-metrics-" + i, 1);
                lakehouse.topics().produceLines("bench-metrics-" + i, new ByteArrayInputStream("one\n".getBytes(StandardCharsets.UTF_8)), () -> false);
            }
            lakehouse.spark().sql("SELECT count(*) FROM lakehouse.bench_metrics.t0").collect();

            URI metrics = lakehouse.consoleUri().orElseThrow().resolve("/metrics");
            HttpClient http = HttpClient.newHttpClient();
            long heapBefore = heapAfterGc();
            byte[] first = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            long heapAfter = heapAfterGc();
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < scrapes; i++) {
                long begin = System.nanoTime();
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofByteArray());
                millis.add((System.nanoTime() - begin) / 1e6);
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("/metrics answered " + response.statusCode());
                }
            }
            Collections.sort(millis);
            String setting = tables + " tables, " + topics + " topics, full stack";
            results.add("metrics", "/metrics scrape, median (" + setting + ", " + scrapes + " scrapes)", Results.median(millis), "ms", "<= 200", "");
            results.add("metrics", "/metrics scrape, p95", millis.get((int) Math.ceil(0.95 * millis.size()) - 1), "ms", "<= 200", "");
            results.add("metrics", "/metrics answer size", first.length / 1024.0, "KB", "", "");
            results.add("metrics", "heap the first scrape leaves (after GC)", (heapAfter - heapBefore) / 1024.0 / 1024.0, "MB", "",
                    "includes whatever else the stack allocated meanwhile");
        } finally {
            TpchBenchmark.deleteQuietly(dataDir);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
