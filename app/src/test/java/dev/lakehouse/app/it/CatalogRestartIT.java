package dev.lakehouse.app.it;

import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Branches, namespaces, tables and snapshots survive a stop and a start on the same data directory. */
class CatalogRestartIT {
    @Test
    void everythingIsStillThereAfterARestart(@TempDir Path dataDir) throws Exception {
        long snapshotId;
        try (LakehouseProcess first = LakehouseProcess.start(dataDir, "--services", "catalog", "--ports", "random")
                .awaitReady(Duration.ofMinutes(3));
             RESTCatalog catalog = IcebergClients.restCatalog(first, "main")) {
            catalog.createNamespace(Namespace.of("kept"));
            Table table = catalog.createTable(TableIdentifier.of("kept", "t"),
                    new org.apache.iceberg.Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
            table.newAppend().appendFile(CatalogIT.writeDataFile(table, "kept")).commit();
            snapshotId = catalog.loadTable(TableIdentifier.of("kept", "t")).currentSnapshot().snapshotId();
            assertThat(LakehouseProcess.run(dataDir, Duration.ofMinutes(2), "branch", "create", "kept_branch").exitCode()).isZero();
            first.stop();
        }
        try (LakehouseProcess second = LakehouseProcess.start(dataDir, "--services", "catalog", "--ports", "random")
                .awaitReady(Duration.ofMinutes(3));
             RESTCatalog catalog = IcebergClients.restCatalog(second, "main");
             RESTCatalog branch = IcebergClients.restCatalog(second, "kept_branch")) {
            assertThat(catalog.loadTable(TableIdentifier.of("kept", "t")).currentSnapshot().snapshotId()).isEqualTo(snapshotId);
            assertThat(branch.loadTable(TableIdentifier.of("kept", "t")).currentSnapshot().snapshotId()).isEqualTo(snapshotId);
            assertThat(LakehouseProcess.run(dataDir, Duration.ofMinutes(2), "branch", "list").stdout()).contains("kept_branch", "main");
        }
    }
}
