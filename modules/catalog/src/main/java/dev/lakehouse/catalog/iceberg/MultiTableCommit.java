package dev.lakehouse.catalog.iceberg;

import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.util.LocationUtil;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.error.NessieConflictException;
import org.projectnessie.error.NessieNotFoundException;
import org.projectnessie.error.NessieReferenceConflictException;
import org.projectnessie.model.Branch;
import org.projectnessie.model.CommitMeta;
import org.projectnessie.model.Conflict;
import org.projectnessie.model.Content;
import org.projectnessie.model.ContentKey;
import org.projectnessie.model.IcebergTable;
import org.projectnessie.model.Operation;
import org.projectnessie.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A multi-table commit (POST /v1/{prefix}/transactions/commit) as ONE Nessie commit: every table of the request
 * changes, or none does. All tables are read at one commit of the branch, each table's requirements are checked
 * and its updates applied there, the new metadata files are written, and a single Nessie commit puts them all,
 * expecting that commit: Nessie refuses it if any of these tables changed since (and rebases it over commits to
 * other tables). A refused attempt deletes its files and starts again from the new head, where the requirements
 * decide: a client's stale view of a table ends in 409 CommitFailedException, with nothing committed.
 */
final class MultiTableCommit {
    private static final Logger LOG = LoggerFactory.getLogger(MultiTableCommit.class);
    private static final int ATTEMPTS = 6;
    private static final int NAMES_IN_MESSAGE = 10;

    private final NessieApiV2 nessie;
    private final FileIO io;
    /** The warehouse location, without a trailing slash. */
    private final String warehouse;
    private final SnapshotRetention retention;

    MultiTableCommit(NessieApiV2 nessie, FileIO io, String warehouse, SnapshotRetention retention) {
        this.nessie = nessie;
        this.io = io;
        this.retention = retention;
        this.warehouse = LocationUtil.stripTrailingSlash(warehouse);
    }

    void commit(String branchName, CommitTransactionRequest request) {
        List<UpdateTableRequest> changes = request.tableChanges();
        Set<TableIdentifier> seen = new HashSet<>();
        for (UpdateTableRequest change : changes) {
            if (!seen.add(change.identifier())) {
                throw new BadRequestException("Invalid commit: table %s appears more than once; send its changes as one entry",
                        change.identifier());
            }
        }
        for (int attempt = 1; ; attempt++) {
            Branch head = head(branchName);
            List<String> written = new ArrayList<>();
            try {
                List<Operation> puts = prepare(head, changes, written);
                if (!puts.isEmpty()) {
                    nessie.commitMultipleOperations().branch(head).operations(puts).commitMeta(message(changes)).commit();
                }
                return;
            } catch (NessieReferenceConflictException e) {
                deleteQuietly(written);
                missingNamespace(e).ifPresent(namespace -> {
                    throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
                });
                if (attempt == ATTEMPTS) {
                    throw new CommitFailedException(e, "Cannot commit to %s: its tables changed concurrently %d times in a row; retry",
                            branchName, ATTEMPTS);
                }
                LOG.debug("Multi-table commit on {} conflicted (attempt {}): {}", branchName, attempt, e.getMessage());
                pause(attempt);
            } catch (NessieConflictException e) {
                deleteQuietly(written);
                throw new CommitFailedException(e, "Cannot commit to %s: %s", branchName, e.getMessage());
            } catch (NessieNotFoundException e) {
                deleteQuietly(written);
                throw new NoSuchReferenceException(branchName, e);
            } catch (RuntimeException e) {
                deleteQuietly(written);
                throw e;
            }
        }
    }

    private Branch head(String branchName) {
        try {
            Reference reference = nessie.getReference().refName(branchName).get();
            if (reference instanceof Branch branch) {
                return branch;
            }
            throw new BadRequestException("Cannot commit to %s: it is a %s, not a branch", branchName,
                    reference.getType().name().toLowerCase(Locale.ROOT));
        } catch (NessieNotFoundException e) {
            throw new NoSuchReferenceException(branchName, e);
        }
    }

    /** Checks and applies every change at the head's commit and writes the new metadata files. */
    private List<Operation> prepare(Branch head, List<UpdateTableRequest> changes, List<String> written) throws NessieNotFoundException {
        List<ContentKey> keys = changes.stream().map(change -> key(change.identifier())).toList();
        Map<ContentKey, Content> contents = nessie.getContent().reference(head).keys(keys).get();
        List<Operation> puts = new ArrayList<>();
        for (UpdateTableRequest change : changes) {
            ContentKey key = key(change.identifier());
            Content content = contents.get(key);
            boolean create = change.requirements().stream().anyMatch(UpdateRequirement.AssertTableDoesNotExist.class::isInstance);
            if (!(content instanceof IcebergTable) && !create) {
                throw new NoSuchTableException("Table does not exist: %s", change.identifier());
            }
            if (content != null && !(content instanceof IcebergTable)) {
                throw new AlreadyExistsException("%s with same name already exists: %s",
                        content.getType().name().contains("VIEW") ? "View" : "Content", change.identifier());
            }
            TableMetadata base = content instanceof IcebergTable table ? TableMetadataParser.read(io, table.getMetadataLocation()) : null;
            for (UpdateRequirement requirement : change.requirements()) {
                requirement.validate(base);
            }
            TableMetadata.Builder builder = base == null ? TableMetadata.buildFromEmpty() : TableMetadata.buildFrom(base);
            for (MetadataUpdate update : change.updates()) {
                update.applyTo(builder);
            }
            if (base == null && change.updates().stream().noneMatch(MetadataUpdate.SetLocation.class::isInstance)) {
                builder.setLocation(defaultLocation(change.identifier()));
            }
            TableMetadata built = builder.build();
            if (built == base) {
                continue;
            }
            TableMetadata updated = retention.apply(built);
            String location = newMetadataLocation(updated, base);
            TableMetadataParser.write(updated, io.newOutputFile(location));
            written.add(location);
            puts.add(Operation.Put.of(key, IcebergTable.of(location,
                    updated.currentSnapshot() == null ? -1 : updated.currentSnapshot().snapshotId(),
                    updated.currentSchemaId(), updated.defaultSpecId(), updated.defaultSortOrderId(),
                    content == null ? null : content.getId())));
        }
        return puts;
    }

    /**
     * Where a table created without a location goes, as NessieCatalog places it: under the warehouse, by namespace,
     * its name made unique (a table of the same name may exist on another branch).
     */
    private String defaultLocation(TableIdentifier identifier) {
        String folder = identifier.namespace().isEmpty() ? "" : identifier.namespace() + "/";
        return warehouse + "/" + folder + identifier.name() + "_" + UUID.randomUUID();
    }

    /** As Iceberg's own table operations name them: metadata/NNNNN-UUID.metadata.json, the version one more. */
    private static String newMetadataLocation(TableMetadata metadata, TableMetadata base) {
        int version = base == null ? 0 : version(base.metadataFileLocation()) + 1;
        String codec = metadata.property(TableProperties.METADATA_COMPRESSION, TableProperties.METADATA_COMPRESSION_DEFAULT);
        String file = String.format(Locale.ROOT, "%05d-%s%s", version, UUID.randomUUID(), TableMetadataParser.getFileExtension(codec));
        String folder = metadata.property(TableProperties.WRITE_METADATA_LOCATION, null);
        return (folder == null ? metadata.location() + "/metadata" : LocationUtil.stripTrailingSlash(folder)) + "/" + file;
    }

    private static int version(String metadataLocation) {
        String name = metadataLocation.substring(metadataLocation.lastIndexOf('/') + 1);
        int dash = name.indexOf('-');
        try {
            return dash < 0 ? -1 : Integer.parseInt(name.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ContentKey key(TableIdentifier identifier) {
        List<String> elements = new ArrayList<>(List.of(identifier.namespace().levels()));
        elements.add(identifier.name());
        return ContentKey.of(elements);
    }

    private static Optional<Namespace> missingNamespace(NessieReferenceConflictException e) {
        if (e.getErrorDetails() == null) {
            return Optional.empty();
        }
        return e.getErrorDetails().conflicts().stream()
                .filter(conflict -> conflict.conflictType() == Conflict.ConflictType.NAMESPACE_ABSENT && conflict.key() != null)
                .map(conflict -> Namespace.of(conflict.key().getElements().toArray(String[]::new)))
                .findFirst();
    }

    private static CommitMeta message(List<UpdateTableRequest> changes) {
        List<String> names = changes.stream().map(change -> change.identifier().toString()).toList();
        String listed = names.size() <= NAMES_IN_MESSAGE ? String.join(", ", names)
                : String.join(", ", names.subList(0, NAMES_IN_MESSAGE)) + " and " + (names.size() - NAMES_IN_MESSAGE) + " more";
        return CommitMeta.builder()
                .message("Iceberg multi-table commit: " + listed)
                .author(System.getProperty("user.name", "lakehouse"))
                .putProperties("application-type", "iceberg")
                .build();
    }

    private void deleteQuietly(List<String> locations) {
        for (String location : locations) {
            try {
                io.deleteFile(location);
            } catch (RuntimeException e) {
                LOG.warn("Could not delete {} after a failed multi-table commit: {}", location, e.getMessage());
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L << Math.min(attempt, 4)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitFailedException(e, "Interrupted while retrying a multi-table commit");
        }
    }
}
