package dev.lakehouse.app.bench;

import dev.lakehouse.app.it.IcebergClients;
import dev.lakehouse.app.it.LakehouseProcess;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Latency of the Iceberg REST catalog as a client sees it: creating tables, loading one, committing to one and
 * to two at once (a multi-table commit), each measured around the client call, against storage + catalog on
 * random ports.
 */
final class CatalogBenchmark {
    private static final int WARM_UP_ROUNDS = 60;
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

    private CatalogBenchmark() {
    }

    static void run(Results results, int operations) throws Exception {
        Path dataDir = Files.createTempDirectory("lakehouse-bench-catalog");
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, "--services", "catalog", "--ports", "random")
                .awaitReady(Duration.ofMinutes(3));
             RESTCatalog catalog = IcebergClients.restCatalog(lakehouse, "main")) {
            catalog.createNamespace(Namespace.of("bench"));
            warmUp(catalog);

            List<Double> creates = new ArrayList<>();
            for (int i = 0; i < operations; i++) {
                TableIdentifier identifier = TableIdentifier.of("bench", "t" + i);
                long begin = System.nanoTime();
                catalog.createTable(identifier, SCHEMA);
                creates.add((System.nanoTime() - begin) / 1e6);
            }
            TableIdentifier first = TableIdentifier.of("bench", "t0");
            Table table = catalog.loadTable(first);
            List<Double> propertyCommits = new ArrayList<>();
            for (int i = 0; i < operations; i++) {
                long begin = System.nanoTime();
                table.updateProperties().set("bench.round", String.valueOf(i)).commit();
                propertyCommits.add((System.nanoTime() - begin) / 1e6);
            }
            List<Double> appends = new ArrayList<>();
            for (int i = 0; i < operations; i++) {
                long begin = System.nanoTime();
                table.newFastAppend().appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
                        .withPath(table.location() + "/data/f" + i + ".parquet").withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(100).withRecordCount(1).build()).commit();
                appends.add((System.nanoTime() - begin) / 1e6);
            }
            List<Double> loads = new ArrayList<>();
            for (int i = 0; i < operations; i++) {
                long begin = System.nanoTime();
                catalog.loadTable(first);
                loads.add((System.nanoTime() - begin) / 1e6);
            }
            TableIdentifier second = TableIdentifier.of("bench", "t1");
            List<Double> multiTableCommits = new ArrayList<>();
            for (int i = 0; i < operations; i++) {
                TableCommit[] commits = propertyCommits(catalog, "bench.round", String.valueOf(i), first, second);
                long begin = System.nanoTime();
                catalog.commitTransaction(commits);
                multiTableCommits.add((System.nanoTime() - begin) / 1e6);
            }
            results.add("catalog", "create table (median of " + operations + ")", Results.median(creates), "ms", "",
                    "RESTCatalog.createTable: REST call + metadata.json to S3 + Nessie commit; after "
                            + WARM_UP_ROUNDS * 9 + " warm-up operations");
            results.add("catalog", "load table (median of " + operations + ")", Results.median(loads), "ms", "",
                    "RESTCatalog.loadTable of a table with " + operations + " snapshots, as a client that loaded it before");
            results.add("catalog", "REST commit (median of " + operations + ")", Results.median(propertyCommits), "ms", "<= 50",
                    "a property update: one POST, new metadata.json, Nessie commit");
            results.add("catalog", "fast-append commit (median of " + operations + ")", Results.median(appends), "ms", "",
                    "client writes manifest + manifest list to S3, then the REST commit");
            results.add("catalog", "multi-table commit (median of " + operations + ")", Results.median(multiTableCommits), "ms", "",
                    "RESTCatalog.commitTransaction: a property update on each of two tables in one POST");
        } finally {
            BootBenchmark.deleteTree(dataDir);
        }
    }

    /** One property update per table, against each table's current metadata (the only requirement: its UUID). */
    private static TableCommit[] propertyCommits(RESTCatalog catalog, String key, String value, TableIdentifier... identifiers) {
        TableCommit[] commits = new TableCommit[identifiers.length];
        for (int i = 0; i < identifiers.length; i++) {
            TableMetadata base = ((BaseTable) catalog.loadTable(identifiers[i])).operations().current();
            commits[i] = TableCommit.create(identifiers[i], base, TableMetadata.buildFrom(base).setProperties(Map.of(key, value)).build());
        }
        return commits;
    }

    /** The same operations, unmeasured, until the JIT has compiled the paths (a long-running stack's state). */
    private static void warmUp(RESTCatalog catalog) {
        TableIdentifier previous = null;
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            TableIdentifier identifier = TableIdentifier.of("bench", "warm" + i);
            Table table = catalog.createTable(identifier, SCHEMA);
            for (int j = 0; j < 5; j++) {
                table.updateProperties().set("warm", String.valueOf(j)).commit();
            }
            catalog.loadTable(identifier);
            if (previous != null) {
                catalog.commitTransaction(propertyCommits(catalog, "warm", "multi", previous, identifier));
            }
            previous = identifier;
        }
    }
}
