package dev.lakehouse.spark;

import dev.lakehouse.spi.Endpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delta Lake in the lakehouse's Spark session, beside Iceberg: Delta's SQL extension (MERGE, UPDATE, DELETE,
 * OPTIMIZE, VACUUM, DESCRIBE HISTORY, time travel on Delta tables), Spark's session catalog {@code spark_catalog}
 * as Delta's catalog, and S3A pointed at the lakehouse's object store, since Delta reads and writes through
 * Hadoop's file systems ({@code s3a://warehouse/...}) where Iceberg uses its own S3FileIO.
 * <p>
 * Without a metastore, spark_catalog keeps table names in memory: a restart forgets them, while each table's data
 * and {@code _delta_log} stay on the object store (a path table, {@code spark_catalog.delta.`s3a://...`}, or a new
 * {@code CREATE TABLE ... USING delta LOCATION} over the same path finds them again).
 */
public final class DeltaLake {
    static final String EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    static final String SESSION_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
    /** The scheme of Delta's locations on the object store. */
    public static final String SCHEME = "s3a";

    private DeltaLake() {
    }

    /**
     * The session settings: Delta's catalog as spark_catalog. The extension itself goes into
     * spark.sql.extensions (see {@link LakehouseSparkSessions#builder}).
     */
    static Map<String, String> sessionSettings() {
        return Map.of("spark.sql.catalog.spark_catalog", SESSION_CATALOG);
    }

    /**
     * Hadoop's S3A settings for the object store (keys without the spark.hadoop. prefix): path-style requests to
     * its endpoint with its one access key. S3Proxy accepts any region; S3A wants one to sign with.
     */
    static Map<String, String> s3aSettings(Endpoint s3) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fs.s3a.endpoint", s3.uri().toString());
        settings.put("fs.s3a.endpoint.region", s3.properties().getOrDefault("region", "us-east-1"));
        settings.put("fs.s3a.path.style.access", "true");
        settings.put("fs.s3a.connection.ssl.enabled", String.valueOf(s3.uri().getScheme().equals("https")));
        settings.put("fs.s3a.access.key", s3.property("access-key"));
        settings.put("fs.s3a.secret.key", s3.property("secret-key"));
        settings.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        return settings;
    }

    /** An s3a:// location in a bucket of the object store, e.g. location("warehouse", "delta/gold/x"). */
    public static String location(String bucket, String path) {
        return SCHEME + "://" + bucket + "/" + path;
    }
}
