package dev.lakehouse.app.it;

import org.apache.iceberg.BaseTransaction;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.ImmutableTableCommit;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.List;
import java.util.Map;

/** The parts of a multi-table commit (RESTCatalog.commitTransaction), built with Iceberg's own client classes. */
public final class TableCommits {
    private TableCommits() {
    }

    /** What a transaction on a table changed since it began: its requirements and updates. */
    public static TableCommit of(TableIdentifier identifier, Transaction transaction) {
        BaseTransaction base = (BaseTransaction) transaction;
        return TableCommit.create(identifier, base.startMetadata(), base.currentMetadata());
    }

    /** The creation of a table, as a REST client's create transaction sends it: "assert-create" and the new metadata. */
    public static TableCommit creation(TableIdentifier identifier, Schema schema, String location) {
        TableMetadata metadata = TableMetadata.newTableMetadata(schema, PartitionSpec.unpartitioned(), location, Map.of());
        return ImmutableTableCommit.builder()
                .identifier(identifier)
                .requirements(List.of(new UpdateRequirement.AssertTableDoesNotExist()))
                .updates(metadata.changes())
                .build();
    }

    /** A creation that names no location: the catalog chooses it, as for a table created without one. */
    public static TableCommit creationWithoutLocation(TableIdentifier identifier, Schema schema) {
        TableCommit named = creation(identifier, schema, "s3://placeholder/never/used");
        return ImmutableTableCommit.builder()
                .from(named)
                .updates(named.updates().stream().filter(update -> !(update instanceof MetadataUpdate.SetLocation)).toList())
                .build();
    }
}
