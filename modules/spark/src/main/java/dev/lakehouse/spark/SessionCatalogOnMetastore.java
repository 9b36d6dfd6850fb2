package dev.lakehouse.spark;

import dev.lakehouse.spi.Endpoint;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Spark's session catalog, {@code spark_catalog}, on the lakehouse's Hive Metastore: the names of Delta tables and of
 * tables over files (USING parquet, csv, json ... LOCATION 's3a://...') are kept across restarts, and Trino's hive
 * catalog sees the Hive-compatible ones. Spark's own Hive client (2.3) cannot talk to an HMS 4 (its get_table call is
 * gone), so Spark loads the Hive 4 client of the hive-client module in a class loader of its own, sharing Spark's
 * Hadoop classes. Without a metastore, spark_catalog stays in memory.
 */
final class SessionCatalogOnMetastore {
    private static final Logger LOG = LoggerFactory.getLogger(SessionCatalogOnMetastore.class);
    /** The Hive version of modules/hive-client (and of the metastore). */
    static final String HIVE_VERSION = "4.0.1";

    private SessionCatalogOnMetastore() {
    }

    /**
     * Where Spark puts a new database without a LOCATION (and its managed tables): the metastore's default warehouse
     * (metastore.warehouse), so that Spark and Trino put them in the same place. Read when the session is built, before
     * the metastore has said where it is (see {@link #connect}).
     */
    static final String WAREHOUSE = DeltaLake.SCHEME + "://warehouse/hive/";

    /**
     * The session settings: Spark's Hive catalog with the client jars in {@code hiveClientJars}. Where the metastore
     * is comes later, {@link #connect}: Spark makes its Hive client at the first statement on spark_catalog, so the
     * SparkContext starts without waiting for the metastore.
     */
    static Map<String, String> settings(Path hiveClientJars) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.sql.catalogImplementation", "hive");
        settings.put("spark.sql.hive.metastore.version", HIVE_VERSION);
        settings.put("spark.sql.hive.metastore.jars", "path");
        settings.put("spark.sql.hive.metastore.jars.path", jarUris(hiveClientJars));
        settings.put("spark.sql.warehouse.dir", WAREHOUSE);
        return settings;
    }

    /**
     * Points the Hive client at the metastore, before any statement: the SparkContext's Hadoop configuration is where
     * Spark's shared state takes it from when the first statement needs it.
     */
    static void connect(SparkSession session, Endpoint thrift) {
        session.sparkContext().hadoopConfiguration().set("hive.metastore.uris", thrift.uri().toString());
        String warehouse = thrift.properties().getOrDefault("warehouse", WAREHOUSE);
        if (!warehouse.equals(WAREHOUSE)) {
            LOG.warn("the metastore's warehouse is {}, Spark's {}: databases Spark creates without a LOCATION go to Spark's; "
                    + "set spark.conf.spark.sql.warehouse.dir={} to put them in the same place", warehouse, WAREHOUSE, warehouse);
        }
    }

    private static String jarUris(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            String uris = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted()
                    .map(file -> file.toUri().toString()).collect(Collectors.joining(","));
            if (uris.isEmpty()) {
                throw new IllegalStateException("no Hive client jars in " + folder + ": the lakehouse's payload is incomplete; rebuild it");
            }
            return uris;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Hive client jars in " + folder, e);
        }
    }
}
