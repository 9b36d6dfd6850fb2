package dev.lakehouse.app.bench;

import dev.lakehouse.app.it.LakehouseProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The benchmark harness behind scripts/bench: measures, then writes results.json and results.md into
 * target/bench/TIME/ and prints the table. Every figure is a median, or a ratio of two things measured
 * in the same run. {@code --quick} runs fewer repetitions.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Set<String> options = Set.copyOf(Arrays.asList(String.join(" ", args).trim().split("\\s+")));
        boolean quick = options.contains("--quick");
        Set<String> only = options.stream().filter(o -> o.startsWith("--only=")).findFirst()
                .map(o -> Set.of(o.substring("--only=".length()).split(","))).orElse(Set.of());
        int boots = quick ? 3 : 5;
        Path jar = LakehouseProcess.jar();
        Results results = new Results(Machine.describe(version(jar)));
        System.out.println("lakehouse benchmarks" + (quick ? " (quick)" : "") + ": " + results.markdown().lines().findFirst().orElse(""));

        results.add("package", "lakehouse.jar size", Files.size(jar) / 1024.0 / 1024.0, "MB", "", "");
        BootBenchmark.prepare();
        if (selected(only, "boot")) {
            BootBenchmark.compare(results, "storage", List.of("storage"), boots, "<= 3000", "<= 400");
            BootBenchmark.compare(results, "storage+catalog", List.of("catalog"), boots, "<= 6000", "");
        }
        if (selected(only, "catalog")) {
            CatalogBenchmark.run(results, quick ? 30 : 100);
        }
        if (selected(only, "s3")) {
            ObjectStoreBenchmark.run(results, quick ? 3 : 5, quick ? 300 : 1000);
        }
        if (selected(only, "boot")) {
            BootBenchmark.compare(results, "storage+catalog+spark", List.of("spark"), boots, "<= 12000", "");
        }
        if (selected(only, "spark")) {
            SparkBenchmark.run(results, boots);
        }
        if (selected(only, "boot")) {
            BootBenchmark.compare(results, "full stack", List.of(), boots, "<= 30000", "<= 2560");
        }
        if (selected(only, "metastore")) {
            MetastoreBenchmark.run(results, boots);
        }
        if (selected(only, "medallion")) {
            MedallionBenchmark.run(results, quick ? 1 : 2);
        }
        if (selected(only, "junit")) {
            FixtureBenchmark.run(results, boots, quick);
        }
        if (selected(only, "streaming")) {
            StreamingBenchmark.run(results, quick ? 200_000 : 1_000_000, quick ? 10 : 30);
        }
        if (selected(only, "flows")) {
            FlowsBenchmark.run(results, quick ? 2 : 5, 10, 1000);
        }
        if (selected(only, "models")) {
            ModelsBenchmark.run(results, quick ? 3 : 5);
        }
        if (selected(only, "metrics")) {
            MetricsBenchmark.run(results, 100, 20, quick ? 10 : 20);
        }
        if (selected(only, "cli")) {
            CliBenchmark.run(results, quick ? 5 : 10);
        }
        if (selected(only, "tpch")) {
            Path localWarehouse = TpchBenchmark.tempDir("lakehouse-bench-local-warehouse");
            Path dataDir = TpchBenchmark.tempDir("lakehouse-bench-tpch");
            var builder = dev.lakehouse.runtime.Lakehouse.builder().dataDir(dataDir).services("spark", "trino").randomPorts();
            TpchBenchmark.stackSettings(localWarehouse).forEach(builder::set);
            try (var lakehouse = builder.start()) {
                TpchBenchmark.run(results, lakehouse, "tiny", 3, !quick, false);
                if (!quick) {
                    TpchBenchmark.run(results, lakehouse, "sf1", 3, true, true);
                }
            } finally {
                TpchBenchmark.deleteQuietly(dataDir);
                TpchBenchmark.deleteQuietly(localWarehouse);
            }
        }

        Path folder = Path.of(System.getProperty("bench.output", "target/bench"))
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        results.write(folder);
        System.out.println();
        System.out.println(results.markdown());
        System.out.println("Written to " + folder.toAbsolutePath());
    }

    /** --only=boot,catalog runs just those sections; without it, all run. */
    private static boolean selected(Set<String> only, String section) {
        return only.isEmpty() || only.contains(section);
    }

    private static String version(Path jar) throws Exception {
        try (var jarFile = new java.util.jar.JarFile(jar.toFile())) {
            return jarFile.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }
}
