package dev.lakehouse.app.it;

import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.view.ViewCatalogTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.util.Map;

/**
 * Iceberg's own view catalog test suite (ViewCatalogTests, from iceberg-core's test jar) against the lakehouse's
 * Iceberg REST catalog through RESTCatalog, each test on an empty Nessie branch of its own. Views and tables are
 * placed both at the catalog's default (S3) and at local locations the suite chooses.
 */
@SharedStack(services = "catalog")
class IcebergViewCatalogTestsIT extends ViewCatalogTests<RESTCatalog> {
    /** The client settings the suite's view-property tests expect, as Iceberg's TestRESTViewCatalog gives its client. */
    private static final Map<String, String> VIEW_DEFAULTS = Map.of(
            "view-default.key1", "catalog-default-key1",
            "view-default.key2", "catalog-default-key2",
            "view-default.key3", "catalog-default-key3",
            "view-override.key3", "catalog-override-key3",
            "view-override.key4", "catalog-override-key4");

    private static LakehouseProcess lakehouse;
    private EmptyBranchCatalogs branch;
    private RESTCatalog catalog;

    @BeforeAll
    static void connect(LakehouseProcess running) {
        lakehouse = running;
    }

    @BeforeEach
    void emptyBranch() throws IOException {
        branch = new EmptyBranchCatalogs(lakehouse);
        catalog = branch.client("lakehouse", VIEW_DEFAULTS);
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
    protected Catalog tableCatalog() {
        return catalog;
    }

    @Override
    protected boolean requiresNamespaceCreate() {
        return true;
    }

    @Override
    protected boolean supportsServerSideRetry() {
        return true;
    }
}
