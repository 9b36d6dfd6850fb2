package dev.lakehouse.app.bench;

import dev.lakehouse.runtime.Lakehouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The 22 TPC-H queries on data loaded into the lakehouse's Iceberg tables with Trino (CTAS from the tpch
 * connector): on Trino, on Spark, and on Trino against a copy on local files (no S3), each query's median of
 * a few runs and the geometric mean of the 22.
 */
final class TpchBenchmark {
    static final List<String> TABLES = List.of("nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem");
    /** A catalog of Iceberg tables on local files, for the object-store overhead ratio. */
    static final String LOCAL_CATALOG = "iceberg_local";

    private TpchBenchmark() {
    }

    /** Extra settings for the stack: the local-files Iceberg catalog. */
    static Map<String, String> stackSettings(Path localWarehouse) {
        Map<String, String> settings = new LinkedHashMap<>();
        String prefix = "trino.catalog." + LOCAL_CATALOG + ".";
        settings.put(prefix + "connector.name", "iceberg");
        settings.put(prefix + "iceberg.catalog.type", "TESTING_FILE_METASTORE");
        settings.put(prefix + "hive.metastore.catalog.dir", "local:///");
        settings.put(prefix + "fs.local.enabled", "true");
        settings.put(prefix + "local.location", localWarehouse.toString());
        return settings;
    }

    static void run(Results results, Lakehouse lakehouse, String scale, int runs, boolean withSpark, boolean withLocal) throws Exception {
        String schema = "tpch_" + scale;
        List<String> queries = queries();
        try (Connection trino = connect(lakehouse)) {
            long loadBegin = System.nanoTime();
            load(trino, "iceberg", schema, scale);
            results.add("tpch-" + scale, "load: CTAS of 8 tables into Iceberg (Trino)", (System.nanoTime() - loadBegin) / 1e6, "ms", "",
                    "tpch." + scale + " -> iceberg." + schema);
            report(results, "tpch-" + scale, "Trino on Iceberg (S3)", time(queries, "iceberg." + schema, runs, sql -> execute(trino, sql)));
            if (withLocal) {
                load(trino, LOCAL_CATALOG, schema, scale);
                Map<Integer, Double> local = time(queries, LOCAL_CATALOG + "." + schema, runs, sql -> execute(trino, sql));
                Map<Integer, Double> s3 = time(queries, "iceberg." + schema, runs, sql -> execute(trino, sql));
                report(results, "tpch-" + scale, "Trino on Iceberg (local files)", local);
                results.add("tpch-" + scale, "object-store overhead: geomean S3 / local files", geomean(s3) / geomean(local), "x", "",
                        "measured back to back in this run");
            }
        }
        if (withSpark) {
            report(results, "tpch-" + scale, "Spark on Iceberg (S3)", time(queries, "lakehouse." + schema, runs,
                    sql -> lakehouse.spark().sql(sql).collectAsList().size()));
        }
    }

    private static void load(Connection trino, String catalog, String schema, String scale) throws SQLException {
        execute(trino, "DROP SCHEMA IF EXISTS " + catalog + "." + schema + " CASCADE");
        execute(trino, "CREATE SCHEMA " + catalog + "." + schema);
        for (String table : TABLES) {
            execute(trino, "CREATE TABLE " + catalog + "." + schema + "." + table + " AS SELECT * FROM tpch." + scale + "." + table);
        }
    }

    private static Map<Integer, Double> time(List<String> queries, String schema, int runs, SqlRunner runner) throws Exception {
        Map<Integer, Double> medians = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            String sql = queries.get(i).replace("${s}", schema);
            runner.run(sql); // warm: plans, metadata
            List<Double> times = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                long begin = System.nanoTime();
                runner.run(sql);
                times.add((System.nanoTime() - begin) / 1e6);
            }
            medians.put(i + 1, Results.median(times));
        }
        return medians;
    }

    private static void report(Results results, String section, String label, Map<Integer, Double> medians) {
        medians.forEach((query, ms) -> results.add(section, String.format(Locale.ROOT, "%s: q%02d", label, query), ms, "ms", "", ""));
        results.add(section, label + ": geometric mean of 22", geomean(medians), "ms", "", "");
        results.add(section, label + ": sum of 22", medians.values().stream().mapToDouble(Double::doubleValue).sum(), "ms", "", "");
    }

    static double geomean(Map<Integer, Double> values) {
        return Math.exp(values.values().stream().mapToDouble(v -> Math.log(Math.max(v, 0.001))).average().orElse(0));
    }

    interface SqlRunner {
        int run(String sql) throws Exception;
    }

    private static int execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                int rows = 0;
                try (ResultSet results = statement.getResultSet()) {
                    while (results.next()) {
                        rows++;
                    }
                }
                return rows;
            }
            return 0;
        }
    }

    private static Connection connect(Lakehouse lakehouse) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "bench");
        return DriverManager.getConnection(lakehouse.endpoint("trino", "http").property("jdbc-url"), properties);
    }

    static List<String> queries() throws IOException {
        try (InputStream in = TpchBenchmark.class.getResourceAsStream("/bench/tpch-queries.sql")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> queries = new ArrayList<>();
            for (String block : text.split(";")) {
                String sql = block.lines().filter(line -> !line.startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
                if (!sql.isEmpty()) {
                    queries.add(sql);
                }
            }
            if (queries.size() != 22) {
                throw new IllegalStateException("expected 22 TPC-H queries, found " + queries.size());
            }
            return queries;
        }
    }

    static void deleteQuietly(Path dir) {
        try {
            BootBenchmark.deleteTree(dir);
        } catch (IOException e) {
            // temp files
        }
    }

    static Path tempDir(String name) throws IOException {
        return Files.createTempDirectory(name);
    }
}
