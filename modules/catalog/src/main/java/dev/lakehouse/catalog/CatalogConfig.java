package dev.lakehouse.catalog;

import dev.lakehouse.catalog.iceberg.SnapshotRetention;
import dev.lakehouse.spi.ConfigException;
import dev.lakehouse.spi.ServiceConfig;

import java.net.URI;

/**
 * The catalog's settings ("catalog." keys).
 *
 * @param port the one HTTP port of Nessie (/api/v2) and the Iceberg REST catalog (/iceberg)
 * @param warehouse where new tables go, an s3:// location in the object store
 * @param defaultBranch the branch created on the first start, and the REST prefix clients get by default
 * @param token the bearer token every request must carry when the lakehouse is open to a network; empty when not set
 * @param localLocations the folders where file: locations may be; empty: the data directory
 * @param snapshotRetention which snapshots a table's metadata keeps (catalog.snapshots-kept, catalog.snapshot-max-age)
 */
record CatalogConfig(int port, URI warehouse, String defaultBranch, java.util.Optional<String> token, java.util.List<java.nio.file.Path> localLocations,
                     SnapshotRetention snapshotRetention) {
    static CatalogConfig from(ServiceConfig config) {
        String warehouse = config.string("warehouse");
        URI location = URI.create(warehouse.endsWith("/") ? warehouse : warehouse + "/");
        if (!"s3".equals(location.getScheme()) || location.getHost() == null) {
            throw new ConfigException(config.fullKey("warehouse"), "Configuration key '" + config.fullKey("warehouse")
                    + "' must be an s3://BUCKET/ location in the object store, but is '" + warehouse + "'");
        }
        String branch = config.string("default-branch");
        if (!branch.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw new ConfigException(config.fullKey("default-branch"), "Configuration key '" + config.fullKey("default-branch")
                    + "' is not a valid branch name: '" + branch + "'");
        }
        java.util.List<java.nio.file.Path> localLocations = new java.util.ArrayList<>();
        for (String folder : config.list("local-locations")) {
            java.nio.file.Path path = java.nio.file.Path.of(folder);
            if (!path.isAbsolute()) {
                throw new ConfigException(config.fullKey("local-locations"), "Configuration key '" + config.fullKey("local-locations")
                        + "' must list absolute folders, but has '" + folder + "'");
            }
            localLocations.add(path.normalize());
        }
        return new CatalogConfig(config.port("port"), location, branch, config.optionalString("token"), java.util.List.copyOf(localLocations),
                new SnapshotRetention(config.integer("snapshots-kept", 0, 1_000_000),
                        config.duration("snapshot-max-age")));
    }

    /** The bucket of the warehouse location. */
    String bucket() {
        return warehouse.getHost();
    }
}
