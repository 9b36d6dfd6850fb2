package dev.lakehouse.app.bench;

import dev.lakehouse.app.it.LakehouseProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The medallion on Iceberg (write-audit-publish on a Nessie branch, the default) against the medallion on Delta
 * (written in place, audited after), on the same source: each repetition is a fresh stack where both run a first
 * load, in turns (Iceberg first, then Delta first), timed from the CLI as a user sees it. The Delta run's time includes
 * its Iceberg mirrors for Trino, also reported on their own.
 */
final class MedallionBenchmark {
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final Duration RUN = Duration.ofMinutes(10);
    private static final Pattern MIRRORED = Pattern.compile("mirrored for Trino: (\\d+) tables .* in ([0-9.]+) s");

    private MedallionBenchmark() {
    }

    static void run(Results results, int repetitions) throws Exception {
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        seconds.put("iceberg", new ArrayList<>());
        seconds.put("delta", new ArrayList<>());
        List<Double> mirrorSeconds = new ArrayList<>();
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
                    Matcher mirrored = MIRRORED.matcher(run.stdout());
                    if (format.equals("delta") && mirrored.find()) {
                        mirrorSeconds.add(Double.parseDouble(mirrored.group(2)));
                    }
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
        if (!mirrorSeconds.isEmpty()) {
            results.add("medallion", "of the Delta run: Iceberg mirrors for Trino", Results.median(mirrorSeconds), "s", "",
                    "all tables of the run, first mirror (created), median of " + mirrorSeconds.size());
        }
    }
}
