package dev.lakehouse.catalog.iceberg;

import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.nessie.NessieCatalog;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.error.NessieNotFoundException;
import org.projectnessie.model.Content;
import org.projectnessie.model.ContentKey;
import org.projectnessie.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drop with purge. NessieCatalog never deletes files on a drop, because another branch or tag may still
 * hold the same table; a REST client asking for purge expects the files gone. So: drop on the branch, then
 * delete the table's files unless the head of another branch or tag still holds that table (same Nessie
 * content id), in which case they are kept (older commits of this branch lose them, as with any purge). A mirror's
 * data files are never deleted: they are the mirrored table's.
 */
final class TablePurge {
    private static final Logger LOG = LoggerFactory.getLogger(TablePurge.class);
    /**
     * The property of a table whose data files belong to another table: the Iceberg mirror of a Delta table (the
     * spark module's DeltaIcebergMirror) names the Delta table's location in it.
     */
    static final String MIRRORED_LOCATION = "lakehouse.delta.location";

    private final NessieApiV2 nessie;

    TablePurge(NessieApiV2 nessie) {
        this.nessie = nessie;
    }

    void purge(NessieCatalog catalog, String branch, TableIdentifier identifier) {
        Table table = catalog.loadTable(identifier);
        TableMetadata metadata = ((BaseTable) table).operations().current();
        List<String> elements = new ArrayList<>(List.of(identifier.namespace().levels()));
        elements.add(identifier.name());
        // not identifier.toString().split("."): a name may hold a dot
        ContentKey key = ContentKey.of(elements);
        Optional<String> contentId = contentId(branch, key);
        catalog.dropTable(identifier, false);
        List<String> holders = new ArrayList<>();
        for (Reference reference : nessie.getAllReferences().get().getReferences()) {
            if (!reference.getName().equals(branch) && contentId.isPresent()
                    && contentId(reference.getName(), key).equals(contentId)) {
                holders.add(reference.getName());
            }
        }
        if (holders.isEmpty() && metadata.properties().containsKey(MIRRORED_LOCATION)) {
            // a mirror's data files are the mirrored table's: only the mirror's own metadata goes (gc.enabled=false
            // makes dropTableData keep the data files)
            CatalogUtil.dropTableData(table.io(), metadata);
            table.io().deleteFile(metadata.metadataFileLocation());
            LOG.info("Purged {} on {}: its metadata is deleted; its data files are those of {}, and stay",
                    identifier, branch, metadata.properties().get(MIRRORED_LOCATION));
        } else if (holders.isEmpty()) {
            // NessieCatalog creates tables with gc.enabled=false, which makes dropTableData keep the data
            // files; the check above is what makes deleting them safe here.
            TableMetadata deletable = TableMetadata.buildFrom(metadata)
                    .setProperties(Map.of(TableProperties.GC_ENABLED, "true")).build();
            CatalogUtil.dropTableData(table.io(), deletable);
            table.io().deleteFile(metadata.metadataFileLocation());
            LOG.info("Purged {} on {}: its files are deleted", identifier, branch);
        } else {
            LOG.info("Dropped {} on {}; its files are kept, {} still hold the table", identifier, branch, holders);
        }
    }

    private Optional<String> contentId(String reference, ContentKey key) {
        try {
            Map<ContentKey, Content> found = nessie.getContent().refName(reference).key(key).get();
            return Optional.ofNullable(found.get(key)).map(Content::getId);
        } catch (NessieNotFoundException e) {
            return Optional.empty();
        }
    }
}
