package dev.lakehouse.spark;

import org.apache.iceberg.rest.RESTCatalog;

import java.util.HashMap;
import java.util.Map;

/**
 * Iceberg's REST catalog client for the lakehouse, used by Spark's Iceberg SparkCatalog through its
 * {@code catalog-impl} setting. The REST endpoint and the S3 credentials are filled in when Spark first uses
 * the catalog, not when the SparkSession is built: the SparkContext can start while the catalog is still
 * starting. A branch's catalog is lakehouse_BRANCH, registered in a session by BranchCatalogExtensions as soon as
 * a statement names it: the branch is what follows "lakehouse_" in the catalog's name (or its warehouse setting).
 */
public class LakehouseSparkCatalog extends RESTCatalog {
    private static volatile Settings settings;

    /** What every catalog of this class connects to; set by the spark component once the catalog is ready. */
    record Settings(String defaultCatalog, String defaultBranch, Map<String, String> restClientProperties) {
        Settings {
            restClientProperties = Map.copyOf(restClientProperties);
        }

        /** lakehouse is the default branch; lakehouse_dev is branch dev. */
        String branchOf(String catalogName) {
            if (catalogName.startsWith(defaultCatalog + "_")) {
                return catalogName.substring(defaultCatalog.length() + 1);
            }
            return defaultBranch;
        }
    }

    static void configure(Settings current) {
        settings = current;
    }

    static Settings settings() {
        return settings;
    }

    @Override
    public void initialize(String name, Map<String, String> properties) {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("catalog " + name + " is not available: the lakehouse's catalog is not running");
        }
        Map<String, String> merged = new HashMap<>(current.restClientProperties());
        merged.put("warehouse", current.branchOf(name));
        properties.forEach((key, value) -> {
            if (!key.equals("catalog-impl")) {
                merged.put(key, value);
            }
        });
        super.initialize(name, merged);
    }
}
