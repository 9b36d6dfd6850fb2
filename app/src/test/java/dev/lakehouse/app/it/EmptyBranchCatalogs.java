package dev.lakehouse.app.it;

import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.rest.RESTCatalog;
import org.projectnessie.client.NessieClientBuilder;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.error.NessieConflictException;
import org.projectnessie.error.NessieNotFoundException;
import org.projectnessie.model.Branch;
import org.projectnessie.model.Reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Iceberg REST clients on a Nessie branch of their own that starts empty (cut at Nessie's "no ancestor" hash):
 * a test written for a fresh catalog (Iceberg's CatalogTests lists every namespace it expects) gets one on the
 * shared stack, whatever the other tests left on main. Closing deletes the branch.
 */
public final class EmptyBranchCatalogs implements AutoCloseable {
    private final LakehouseProcess lakehouse;
    private final NessieApiV2 nessie;
    private final String branch;
    private final List<RESTCatalog> clients = new ArrayList<>();

    public EmptyBranchCatalogs(LakehouseProcess lakehouse) throws IOException {
        this.lakehouse = lakehouse;
        this.nessie = NessieClientBuilder.createClientBuilderFromSystemSettings()
                .withUri(lakehouse.endpoint("catalog", "nessie")).build(NessieApiV2.class);
        this.branch = "empty_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            String noAncestor = nessie.getConfig().getNoAncestorHash();
            nessie.createReference().sourceRefName("main").reference(Branch.of(branch, noAncestor)).create();
        } catch (NessieNotFoundException | NessieConflictException e) {
            nessie.close();
            throw new IllegalStateException("cannot create the empty branch " + branch, e);
        }
    }

    public String branch() {
        return branch;
    }

    /**
     * A RESTCatalog on the branch, configured as a user would (URI, branch, S3 credentials, plus {@code extra}),
     * with a Hadoop configuration, as Spark gives its catalogs: the FileIO the catalog hands out resolves file:
     * locations through Hadoop's local file system.
     */
    public RESTCatalog client(String name, Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>();
        try {
            properties.put("uri", lakehouse.endpoint("catalog", "iceberg").toString());
            properties.put("s3.access-key-id", lakehouse.endpointProperty("storage", "s3", "access-key"));
            properties.put("s3.secret-access-key", lakehouse.endpointProperty("storage", "s3", "secret-key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.put("warehouse", branch);
        properties.putAll(extra);
        RESTCatalog catalog = new RESTCatalog();
        catalog.setConf(new Configuration());
        catalog.initialize(name, properties);
        synchronized (clients) {
            clients.add(catalog);
        }
        return catalog;
    }

    @Override
    public void close() throws IOException {
        synchronized (clients) {
            for (RESTCatalog client : clients) {
                client.close();
            }
            clients.clear();
        }
        try {
            Reference head = nessie.getReference().refName(branch).get();
            nessie.deleteBranch().branch((Branch) head).delete();
        } catch (NessieNotFoundException | NessieConflictException e) {
            // already gone: nothing to clean
        } finally {
            nessie.close();
        }
    }
}
