package dev.lakehouse.app.it;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.projectnessie.client.NessieClientBuilder;
import org.projectnessie.client.api.NessieApiV2;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog's snapshot retention on a catalog of its own that keeps the newest 100 snapshots and none by age
 * (catalog.snapshot-max-age=0s; by default every snapshot of the last hour stays too, see SensorsStreamingIT).
 */
class CatalogSnapshotRetentionIT {
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "city", Types.StringType.get()));

    @Test
    void aTableKeepsItsNewestSnapshotsAndNessieTheRest(@TempDir Path dataDir) throws Exception {
        try (LakehouseProcess running = LakehouseProcess.start(dataDir, "--services", "catalog", "--ports", "random",
                "--set", "catalog.snapshots-kept=100", "--set", "catalog.snapshot-max-age=0s").awaitReady(Duration.ofMinutes(3));
             RESTCatalog catalog = IcebergClients.restCatalog(running, "main");
             NessieApiV2 nessie = NessieClientBuilder.createClientBuilderFromSystemSettings()
                     .withUri(running.endpoint("catalog", "nessie")).build(NessieApiV2.class)) {
            keepsTheNewest(running, catalog, nessie);
        }
    }

    private static void keepsTheNewest(LakehouseProcess lakehouse, RESTCatalog catalog, NessieApiV2 nessie) throws Exception {
        Namespace namespace = Namespace.of("history");
        catalog.createNamespace(namespace);
        TableIdentifier readings = TableIdentifier.of(namespace, "readings");
        Table table = catalog.createTable(readings, SCHEMA);
        List<DataFile> appended = new ArrayList<>();
        String fifthCommit = null;
        for (int i = 1; i <= 105; i++) {
            DataFile file = CatalogIT.writeDataFile(table, "reading " + i);
            table.newAppend().appendFile(file).commit();
            appended.add(file);
            if (i == 2) {
                table.manageSnapshots().createTag("second", table.currentSnapshot().snapshotId()).commit();
            }
            if (i == 5) {
                fifthCommit = nessie.getReference().refName("main").get().getHash();
            }
        }

        Table reloaded = catalog.loadTable(readings);
        List<Snapshot> snapshots = new ArrayList<>();
        reloaded.snapshots().forEach(snapshots::add);
        assertThat(snapshots).hasSize(101);
        assertThat(snapshots).extracting(Snapshot::snapshotId)
                .contains(reloaded.refs().get("second").snapshotId(), reloaded.currentSnapshot().snapshotId());
        assertThat(reloaded.history()).allMatch(entry -> reloaded.snapshot(entry.snapshotId()) != null);
        List<String> inTable = new ArrayList<>();
        try (var tasks = reloaded.newScan().planFiles()) {
            tasks.forEach(task -> inTable.add(task.file().location()));
        }
        assertThat(inTable).containsExactlyInAnyOrderElementsOf(appended.stream().map(DataFile::location).toList());
        assertThat(Files.readString(onDisk(lakehouse, appended.getFirst().location()))).isEqualTo("reading 1");

        try (RESTCatalog then = IcebergClients.restCatalog(lakehouse, "main@" + fifthCommit)) {
            Table asItWas = then.loadTable(readings);
            List<Snapshot> old = new ArrayList<>();
            asItWas.snapshots().forEach(old::add);
            assertThat(old).hasSize(5);
            assertThat(asItWas.currentSnapshot().addedDataFiles(asItWas.io())).extracting(DataFile::location)
                    .containsExactly(appended.get(4).location());
        }
    }

    /** s3://warehouse/a/b is the file data/s3/warehouse/a/b. */
    private static Path onDisk(LakehouseProcess lakehouse, String s3Location) {
        URI uri = URI.create(s3Location);
        return lakehouse.dataDir().resolve("s3").resolve(uri.getHost()).resolve(uri.getPath().substring(1));
    }
}
