package dev.lakehouse.app.bench;

import dev.lakehouse.runtime.Lakehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Spark through the Java API in this JVM (as the JUnit fixture and an IDE run use it): start to ready, and
 * the first query on an Iceberg table after ready, on a data directory that already holds the table.
 */
final class SparkBenchmark {
    private SparkBenchmark() {
    }

    static void run(Results results, int runs) throws Exception {
        Path dataDir = Files.createTempDirectory("lakehouse-bench-spark");
        try {
            try (Lakehouse lakehouse = start(dataDir)) {
                lakehouse.spark().sql("CREATE NAMESPACE IF NOT EXISTS bench");
                lakehouse.spark().sql("CREATE TABLE bench.numbers USING iceberg AS SELECT id, id % 7 AS bucket FROM range(100000)");
            }
            List<Double> starts = new ArrayList<>();
            List<Double> firstQueries = new ArrayList<>();
            List<Double> secondQueries = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long begin = System.nanoTime();
                try (Lakehouse lakehouse = start(dataDir)) {
                    starts.add((System.nanoTime() - begin) / 1e6);
                    firstQueries.add(timeQuery(lakehouse));
                    secondQueries.add(timeQuery(lakehouse));
                }
            }
            results.add("spark", "in-process start, storage+catalog+spark (median of " + runs + ")", Results.median(starts), "ms", "",
                    "Lakehouse.builder()...start(), Java API in the benchmark JVM");
            results.add("spark", "first query after ready (median of " + runs + ")", Results.median(firstQueries), "ms", "<= 1000",
                    "SELECT bucket, count(*) ... GROUP BY on a 100k-row Iceberg table");
            results.add("spark", "second query (median of " + runs + ")", Results.median(secondQueries), "ms", "", "the same query again");
        } finally {
            BootBenchmark.deleteTree(dataDir);
        }
    }

    private static Lakehouse start(Path dataDir) {
        return Lakehouse.builder().dataDir(dataDir).services("spark").randomPorts().start();
    }

    private static double timeQuery(Lakehouse lakehouse) {
        long begin = System.nanoTime();
        lakehouse.spark().sql("SELECT bucket, count(*) FROM bench.numbers GROUP BY bucket ORDER BY bucket").collectAsList();
        return (System.nanoTime() - begin) / 1e6;
    }
}
