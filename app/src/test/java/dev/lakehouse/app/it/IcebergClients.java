package dev.lakehouse.app.it;

import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.rest.RESTCatalog;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Iceberg's own REST client against the stack's catalog, configured the way a user would. */
public final class IcebergClients {
    private IcebergClients() {
    }

    /**
     * A RESTCatalog on a branch: the client names only the URI, the branch and its S3 credentials. It has a Hadoop
     * configuration, as Spark gives its catalogs: the catalog's FileIO reads file: locations through Hadoop.
     */
    public static RESTCatalog restCatalog(LakehouseProcess lakehouse, String branch) throws IOException {
        return restCatalog(lakehouse, branch, Map.of());
    }

    /** As {@link #restCatalog(LakehouseProcess, String)}, with more client properties. */
    public static RESTCatalog restCatalog(LakehouseProcess lakehouse, String branch, Map<String, String> extra) throws IOException {
        Map<String, String> properties = new HashMap<>();
        properties.put("uri", lakehouse.endpoint("catalog", "iceberg").toString());
        properties.put("warehouse", branch);
        properties.put("s3.access-key-id", lakehouse.endpointProperty("storage", "s3", "access-key"));
        properties.put("s3.secret-access-key", lakehouse.endpointProperty("storage", "s3", "secret-key"));
        properties.putAll(extra);
        RESTCatalog catalog = new RESTCatalog();
        catalog.setConf(new Configuration());
        catalog.initialize("lakehouse-" + branch, properties);
        return catalog;
    }
}
