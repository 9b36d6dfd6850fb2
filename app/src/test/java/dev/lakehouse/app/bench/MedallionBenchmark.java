package dev.lakehouse.app.bench;

import dev.lakehouse.app.it.LakehouseProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The medallion on Iceberg (write-audit-publish on a Nessie branch, the default) against the medallion on Delta
 * (written in place, audited after), on the same source: each repetition is a fresh stack where both run a first
 * load, in turns (Iceberg first, then Delta first), timed from the CLI as a user sees it.
 */
final class MedallionBenchmark {
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final Duration RUN = Duration.ofMinutes(10);

    private MedallionBenchmark() {
    }

    static void run(Results results, int repetitions) throws Exception {
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        seconds.put("iceberg", new ArrayList<>());
        seconds.put("delta", new ArrayList<>());
        for (int repetition = 0; repetition < repetitions; repetition++) {
            Path dataDir = Files.createTempDirectory("lakehouse-bench-medallion");
            try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, "--services", "sourcedb,spark", "--ports", "random").awaitReady(BOOT)) {
                List<String> order = repetition % 2 == 0 ? List.of("iceberg", "delta") : List.of("delta", "iceberg");
                for (String format : order) {
                    long begin = System.nanoTime();
                    LakehouseProcess.Result run = LakehouseProcess.run(dataDir, RUN, "pipeline", "run", "medallion", "--format", format);
                    if (run.exitCode() != 0) {
                        throw new IllegalStateException("the medallion on " + format + " failed: " + run.stdout() + run.stderr());
                    }
                    seconds.get(format).add((System.nanoTime() - begin) / 1e9);
                }
            } finally {
                BootBenchmark.deleteTree(dataDir);
            }
        }
        double iceberg = Results.median(seconds.get("iceberg"));
        double delta = Results.median(seconds.get("delta"));
        String note = "first load of the demo source, median of " + repetitions + ", runs in turns";
        results.add("medallion", "Iceberg run (write-audit-publish on a branch)", iceberg, "s", "", note);
        results.add("medallion", "Delta run (in place, audited after)", delta, "s", "", note);
        results.add("medallion", "Delta / Iceberg", delta / iceberg, "x", "", "same run, same data");
    }
}
