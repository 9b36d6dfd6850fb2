package dev.lakehouse.trino;

import dev.lakehouse.spi.Endpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The catalogs the coordinator starts with: iceberg (the lakehouse's tables: Iceberg REST to the catalog,
 * native S3 to the object store, the same tables Spark sees), tpch, tpcds and memory; then the
 * configuration's trino.catalog.* properties, which override a property or define a catalog of their own.
 */
final class TrinoCatalogs {
    /** A catalog to create: its connector and its properties. */
    record Definition(String connector, Map<String, String> properties) {
    }

    private TrinoCatalogs() {
    }

    static Map<String, Definition> definitions(Endpoint iceberg, Endpoint s3, Map<String, Map<String, String>> overrides) {
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
        lakehouse.put("fs.s3.enabled", "true");
        lakehouse.put("s3.endpoint", s3.uri().toString());
        lakehouse.put("s3.region", s3.property("region"));
        lakehouse.put("s3.path-style-access", "true");
        lakehouse.put("s3.aws-access-key", s3.property("access-key"));
        lakehouse.put("s3.aws-secret-key", s3.property("secret-key"));
        catalogs.put("iceberg", lakehouse);
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
}
