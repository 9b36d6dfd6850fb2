package dev.lakehouse.catalog.iceberg;

import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.rest.RESTCatalogProperties.SnapshotMode;
import org.apache.iceberg.rest.responses.ImmutableLoadViewResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.LoadViewResponse;
import org.apache.iceberg.view.ViewMetadata;

import java.util.Set;

/**
 * Table and view metadata as a REST response holds it: without the {@code nessie.commit.id} property NessieCatalog
 * adds to everything it loads (the branch's head at that moment, for its own clients). Through REST it would be
 * a property that changes with every commit to any table of the branch, so that a view renamed, or a table
 * loaded twice, seemed to have changed; Iceberg's reference answers the metadata as stored.
 */
final class ResponseMetadata {
    static final String NESSIE_COMMIT_ID = "nessie.commit.id";

    private ResponseMetadata() {
    }

    static LoadTableResponse table(LoadTableResponse response) {
        if (!response.tableMetadata().properties().containsKey(NESSIE_COMMIT_ID)) {
            return response;
        }
        return LoadTableResponse.builder()
                .withTableMetadata(table(response.tableMetadata(), SnapshotMode.ALL))
                .addAllConfig(response.config())
                .addAllCredentials(response.credentials())
                .build();
    }

    /** The metadata as stored, with all its snapshots or only those a branch or tag references. */
    static TableMetadata table(TableMetadata metadata, SnapshotMode snapshots) {
        boolean refsOnly = snapshots == SnapshotMode.REFS;
        if (!metadata.properties().containsKey(NESSIE_COMMIT_ID) && !refsOnly) {
            return metadata;
        }
        // no change recorded and the same metadata location: the response describes the stored file
        TableMetadata.Builder builder = TableMetadata.buildFrom(metadata).discardChanges()
                .removeProperties(Set.of(NESSIE_COMMIT_ID))
                .withMetadataLocation(metadata.metadataFileLocation());
        if (refsOnly) {
            builder.suppressHistoricalSnapshots();
        }
        return builder.build();
    }

    /** The response's metadata-location field names the file; the metadata object itself need not carry it. */
    static LoadViewResponse view(LoadViewResponse response) {
        ViewMetadata metadata = response.metadata();
        if (!metadata.properties().containsKey(NESSIE_COMMIT_ID)) {
            return response;
        }
        return ImmutableLoadViewResponse.copyOf(response)
                .withMetadata(ViewMetadata.buildFrom(metadata).removeProperties(Set.of(NESSIE_COMMIT_ID)).build());
    }
}
