package dev.lakehouse.trino;

import dev.lakehouse.spi.Endpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The catalogs the coordinator starts with: iceberg (the lakehouse's tables: Iceberg REST to the catalog,
 * native S3 to the object store, the same tables Spark sees), hive when the lakehouse runs the metastore (the tables
 * of the Hive Metastore, their files on the same object store), tpch, tpcds and memory; then the
 * configuration's trino.catalog.* properties, which override a property or define a catalog of their own.
 */
final class TrinoCatalogs {
    /** A catalog to create: its connector and its properties. */
    record Definition(String connector, Map<String, String> properties) {
    }

    private TrinoCatalogs() {
    }

    static Map<String, Definition> definitions(Endpoint iceberg, Endpoint s3, java.util.Optional<Endpoint> metastore,
                                               Map<String, Map<String, String>> overrides) {
        Map<String, Map<String, String>> catalogs = new LinkedHashMap<>();
        Map<String, String> lakehouse = new LinkedHashMap<>();
        lakehouse.put("connector.name", "iceberg");
        lakehouse.put("iceberg.catalog.type", "rest");
        lakehouse.put("iceberg.rest-catalog.uri", iceberg.uri().toString());
        // the REST catalog's warehouse names the Nessie branch
        lakehouse.put("iceberg.rest-catalog.warehouse", iceberg.property("default-branch"));
        if (iceberg.properties().containsKey("token")) {
            // a catalog open to a network: Trino sends a fixed bearer token with its OAUTH2 security
            lakehouse.put("iceberg.rest-catalog.security", "OAUTH2");
            lakehouse.put("iceberg.rest-catalog.oauth2.token", iceberg.property("token"));
        }
        lakehouse.putAll(objectStore(s3));
        catalogs.put("iceberg", lakehouse);
        metastore.ifPresent(thrift -> {
            Map<String, String> hive = new LinkedHashMap<>();
            hive.put("connector.name", "hive");
            hive.put("hive.metastore", "thrift");
            hive.put("hive.metastore.uri", thrift.uri().toString());
            // Trino's default is 10 s, and it sends a call that timed out again: on a busy machine a CREATE SCHEMA then
            // meets its own first attempt (AlreadyExistsException)
            hive.put("hive.metastore-timeout", "1m");
            // CREATE TABLE ... WITH (external_location=...) over files put there is allowed by default; INSERT into one too
            hive.put("hive.non-managed-table-writes-enabled", "true");
            hive.putAll(objectStore(s3));
            catalogs.put("hive", hive);
        });
        catalogs.put("tpch", new LinkedHashMap<>(Map.of("connector.name", "tpch")));
        catalogs.put("tpcds", new LinkedHashMap<>(Map.of("connector.name", "tpcds")));
        catalogs.put("memory", new LinkedHashMap<>(Map.of("connector.name", "memory")));
        overrides.forEach((name, properties) -> catalogs.computeIfAbsent(name, n -> new LinkedHashMap<>()).putAll(properties));

        Map<String, Definition> definitions = new LinkedHashMap<>();
        catalogs.forEach((name, properties) -> {
            Map<String, String> withoutConnector = new LinkedHashMap<>(properties);
            String connector = withoutConnector.remove("connector.name");
            definitions.put(name, new Definition(connector, withoutConnector));
        });
        return definitions;
    }

    /** Trino's native S3 file system on the lakehouse's object store (fs.s3.enabled: fs.native-s3.enabled is its old name). */
    private static Map<String, String> objectStore(Endpoint s3) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("fs.s3.enabled", "true");
        properties.put("s3.endpoint", s3.uri().toString());
        properties.put("s3.region", s3.property("region"));
        properties.put("s3.path-style-access", "true");
        properties.put("s3.aws-access-key", s3.property("access-key"));
        properties.put("s3.aws-secret-key", s3.property("secret-key"));
        return properties;
    }
}
