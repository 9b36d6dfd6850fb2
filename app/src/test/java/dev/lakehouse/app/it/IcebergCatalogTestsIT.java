package dev.lakehouse.app.it;

import org.apache.iceberg.BaseTable;
import org.apache.iceberg.catalog.CatalogTests;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Iceberg's own catalog test suite (CatalogTests, from iceberg-core's test jar: what Iceberg runs against its
 * reference REST server) against the lakehouse's Iceberg REST catalog through RESTCatalog, as an engine uses it.
 * Each test runs on an empty Nessie branch of its own. The suite places tables at local locations
 * ({@link #baseTableLocation}), so it also proves the catalog reads and writes file: locations.
 */
@SharedStack(services = "catalog")
class IcebergCatalogTestsIT extends CatalogTests<RESTCatalog> {
    /** The client settings the suite's table-property tests expect, as Iceberg's TestRESTCatalog gives its client. */
    private static final Map<String, String> TABLE_DEFAULTS = Map.of(
            "table-default.default-key1", "catalog-default-key1",
            "table-default.default-key2", "catalog-default-key2",
            "table-default.override-key3", "catalog-default-key3",
            "table-override.override-key3", "catalog-override-key3",
            "table-override.override-key4", "catalog-override-key4");

    /** A folder of the stack's data directory: where the catalog lets a client place a table (catalog.local-locations). */
    static Path localTables;

    private static LakehouseProcess lakehouse;
    private EmptyBranchCatalogs branch;
    private RESTCatalog catalog;

    @BeforeAll
    static void connect(LakehouseProcess running) throws IOException {
        lakehouse = running;
        localTables = Files.createDirectories(lakehouse.dataDir().resolve("local-tables"));
    }

    @BeforeEach
    void emptyBranch() throws IOException {
        branch = new EmptyBranchCatalogs(lakehouse);
        catalog = branch.client("lakehouse", TABLE_DEFAULTS);
    }

    @AfterEach
    void deleteBranch() throws IOException {
        branch.close();
    }

    @Override
    protected RESTCatalog catalog() {
        return catalog;
    }

    @Override
    protected RESTCatalog initCatalog(String catalogName, Map<String, String> additionalProperties) {
        Map<String, String> properties = new HashMap<>(TABLE_DEFAULTS);
        properties.putAll(additionalProperties);
        return branch.client(catalogName, properties);
    }

    @Override
    protected String baseTableLocation(TableIdentifier identifier) {
        return localTables.toUri() + identifier.namespace().toString() + "/" + identifier.name();
    }

    @Override
    protected boolean requiresNamespaceCreate() {
        return true;
    }

    @Override
    protected boolean supportsNestedNamespaces() {
        return true;
    }

    @Override
    protected boolean supportsServerSideRetry() {
        return true;
    }

    /**
     * The suite's own version moves the metadata file as a local path, but a table created without a location is
     * in the object store: this one moves it out of the store's folder (s3://warehouse/k is data/s3/warehouse/k),
     * then back. The same check otherwise: loading answers NotFoundException naming the file.
     */
    @Override
    @Test
    public void testLoadTableWithMissingMetadataFile(@TempDir Path tempDir) throws IOException {
        catalog.createNamespace(TBL.namespace());
        catalog.buildTable(TBL, SCHEMA).create();
        String metadata = ((BaseTable) catalog.loadTable(TBL)).operations().current().metadataFileLocation();
        URI location = URI.create(metadata);
        assertThat(location.getScheme()).isEqualTo("s3");
        Path stored = lakehouse.dataDir().resolve("s3").resolve(location.getHost()).resolve(location.getPath().substring(1));
        Path aside = tempDir.resolve("moved.metadata.json");
        Files.move(stored, aside);
        try {
            assertThatThrownBy(() -> catalog.loadTable(TBL)).isInstanceOf(NotFoundException.class).hasMessageContaining(metadata);
        } finally {
            Files.move(aside, stored);
        }
        assertThat(catalog.loadTable(TBL).uuid()).isNotNull();
    }

    /** As for Iceberg's own REST server: a '/' in a name is a path separator in the REST routes. */
    @Override
    protected boolean supportsNamesWithSlashes() {
        return false;
    }
}
