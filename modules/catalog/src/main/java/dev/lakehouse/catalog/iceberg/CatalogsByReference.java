package dev.lakehouse.catalog.iceberg;

import dev.lakehouse.catalog.io.LocationFileIO;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.nessie.NessieCatalog;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.projectnessie.client.NessieClientBuilder;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.error.NessieNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Iceberg NessieCatalog per REST prefix, the prefix being a Nessie reference: a branch or tag name
 * ("main", "dev"), optionally pinned to a commit ("main@3f2a..."). The most recently used are kept open.
 */
public final class CatalogsByReference implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogsByReference.class);
    private static final int KEPT_OPEN = 32;

    private final Map<String, String> properties;
    private final Map<String, NessieCatalog> open = new LinkedHashMap<>(16, 0.75f, true);
    /** The Nessie API and a FileIO for what goes around NessieCatalog: purges and multi-table commits. */
    private final NessieApiV2 nessie;
    private final LocationFileIO io;
    private final TablePurge purge;
    private final MultiTableCommit multiTableCommit;

    private final SnapshotRetention retention;

    /**
     * @param properties NessieCatalog's properties (uri, warehouse, FileIO settings), without the reference
     * @param retention the snapshots every table commit keeps
     */
    public CatalogsByReference(Map<String, String> properties, SnapshotRetention retention) {
        this.properties = Map.copyOf(properties);
        this.retention = retention;
        this.nessie = NessieClientBuilder.createClientBuilderFromSystemSettings()
                .withUri(URI.create(properties.get("uri")))
                .withDisableCompression(Boolean.parseBoolean(properties.getOrDefault("nessie.disable-compression", "false")))
                .build(NessieApiV2.class);
        this.io = new LocationFileIO();
        io.initialize(this.properties);
        this.purge = new TablePurge(nessie);
        this.multiTableCommit = new MultiTableCommit(nessie, io, properties.get("warehouse"), retention);
    }

    /** Drops the table on the prefix's branch and deletes its files when no other reference holds it. */
    void purge(String prefix, TableIdentifier identifier) {
        on(prefix, catalog -> {
            purge.purge(catalog, prefix.contains("@") ? prefix.substring(0, prefix.indexOf('@')) : prefix, identifier);
            return null;
        });
    }

    /** Commits the changes to several tables as one Nessie commit on the prefix's branch. */
    void commitTransaction(String prefix, CommitTransactionRequest request) {
        if (prefix.contains("@")) {
            throw new BadRequestException("Cannot commit to %s: a commit needs a branch, not a pinned commit", prefix);
        }
        on(prefix, catalog -> {
            multiTableCommit.commit(prefix, request);
            return null;
        });
    }

    NessieCatalog forPrefix(String prefix) {
        synchronized (open) {
            NessieCatalog catalog = open.get(prefix);
            if (catalog == null) {
                catalog = create(prefix);
                open.put(prefix, catalog);
                evictBeyondLimit();
            }
            return catalog;
        }
    }

    private NessieCatalog create(String prefix) {
        int at = prefix.indexOf('@');
        String name = at < 0 ? prefix : prefix.substring(0, at);
        if (name.isBlank()) {
            throw new NoSuchReferenceException(prefix, null);
        }
        Map<String, String> withReference = new HashMap<>(properties);
        withReference.put("ref", name);
        if (at >= 0) {
            withReference.put("ref.hash", prefix.substring(at + 1));
        }
        NessieCatalog catalog = new SnapshotRetainingNessieCatalog(retention);
        catalog.initialize("lakehouse", withReference);
        return catalog;
    }

    /** Runs an operation on the prefix's catalog, turning "no such reference" into a 404. */
    <T> T on(String prefix, java.util.function.Function<NessieCatalog, T> operation) {
        try {
            return operation.apply(forPrefix(prefix));
        } catch (RuntimeException e) {
            if (isMissingReference(e)) {
                forget(prefix);
                throw new NoSuchReferenceException(prefix, e);
            }
            throw e;
        }
    }

    private static boolean isMissingReference(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof NessieNotFoundException && String.valueOf(c.getMessage()).contains("Named reference")
                    || c instanceof NessieNotFoundException && String.valueOf(c.getMessage()).contains("not found")
                    || String.valueOf(c.getMessage()).matches("(?s)Nessie ref '.*' does not exist.*")) {
                return true;
            }
        }
        return false;
    }

    private void forget(String prefix) {
        NessieCatalog catalog;
        synchronized (open) {
            catalog = open.remove(prefix);
        }
        closeQuietly(catalog);
    }

    private void evictBeyondLimit() {
        while (open.size() > KEPT_OPEN) {
            String eldest = open.keySet().iterator().next();
            closeQuietly(open.remove(eldest));
        }
    }

    @Override
    public void close() {
        List<NessieCatalog> all;
        synchronized (open) {
            all = new ArrayList<>(open.values());
            open.clear();
        }
        all.forEach(CatalogsByReference::closeQuietly);
        io.close();
        nessie.close();
    }

    private static void closeQuietly(NessieCatalog catalog) {
        if (catalog == null) {
            return;
        }
        try {
            catalog.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing the Nessie catalog for {} failed: {}", catalog.name(), e.getMessage());
        }
    }
}
