package dev.lakehouse.catalog.iceberg;

import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.nessie.NessieCatalog;

/** Iceberg's NessieCatalog whose table commits keep only the snapshots a {@link SnapshotRetention} keeps. */
final class SnapshotRetainingNessieCatalog extends NessieCatalog {
    private final SnapshotRetention retention;

    SnapshotRetainingNessieCatalog(SnapshotRetention retention) {
        this.retention = retention;
    }

    @Override
    protected TableOperations newTableOps(TableIdentifier identifier) {
        TableOperations table = super.newTableOps(identifier);
        return retention.keepsAll() ? table : new SnapshotRetainingOperations(table, retention);
    }
}
