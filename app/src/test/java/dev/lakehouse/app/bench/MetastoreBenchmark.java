package dev.lakehouse.app.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What the Hive Metastore adds to a start: the object store alone against the object store with the metastore
 * (which needs nothing else), booted alternately on fresh data directories, so that each metastore start creates
 * its Derby schema, as a first start does.
 */
final class MetastoreBenchmark {
    private MetastoreBenchmark() {
    }

    static void run(Results results, int runs) throws Exception {
        List<BootBenchmark.Boot> storage = new ArrayList<>();
        List<BootBenchmark.Boot> withMetastore = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            storage.addAll(BootBenchmark.run(List.of("storage"), 1, List.of()));
            withMetastore.addAll(BootBenchmark.run(List.of("metastore"), 1, List.of()));
        }
        BootBenchmark.report(results, "metastore", "storage", storage, "", "");
        BootBenchmark.report(results, "metastore", "storage+metastore", withMetastore, "", "");
        double bootMs = median(withMetastore, BootBenchmark.Boot::totalMs) - median(storage, BootBenchmark.Boot::totalMs);
        double rssMb = median(withMetastore, boot -> boot.rssKb() / 1024.0) - median(storage, boot -> boot.rssKb() / 1024.0);
        results.add("metastore", "boot-to-ready the metastore adds", bootMs, "ms", "", "difference of the medians above");
        results.add("metastore", "RSS the metastore adds", rssMb, "MB", "", "difference of the medians above");
    }

    private static double median(List<BootBenchmark.Boot> boots, java.util.function.ToDoubleFunction<BootBenchmark.Boot> value) {
        return Results.median(boots.stream().map(boot -> value.applyAsDouble(boot)).toList());
    }
}
