package dev.lakehouse.catalog.iceberg;

import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/** A table's operations whose every commit applies the {@link SnapshotRetention}; the rest is the table's own. */
final class SnapshotRetainingOperations implements TableOperations {
    private final TableOperations table;
    private final SnapshotRetention retention;

    SnapshotRetainingOperations(TableOperations table, SnapshotRetention retention) {
        this.table = table;
        this.retention = retention;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
        table.commit(base, metadata == null ? null : retention.apply(metadata));
    }

    @Override
    public TableMetadata current() {
        return table.current();
    }

    @Override
    public TableMetadata refresh() {
        return table.refresh();
    }

    @Override
    public FileIO io() {
        return table.io();
    }

    @Override
    public EncryptionManager encryption() {
        return table.encryption();
    }

    @Override
    public String metadataFileLocation(String fileName) {
        return table.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
        return table.locationProvider();
    }

    @Override
    public TableOperations temp(TableMetadata uncommittedMetadata) {
        return table.temp(uncommittedMetadata);
    }

    @Override
    public long newSnapshotId() {
        return table.newSnapshotId();
    }

    @Override
    public boolean requireStrictCleanup() {
        return table.requireStrictCleanup();
    }
}
