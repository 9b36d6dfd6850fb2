package dev.lakehouse.spark;

import dev.lakehouse.spi.Endpoint;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a SparkSession becomes a lakehouse session: Iceberg's SQL extensions, the lakehouse catalog as the
 * default catalog, scratch space and checkpoints under {@code <data-dir>/spark}. Used by the spark component
 * and by a pipeline run from the command line against a lakehouse running in another process.
 */
public final class LakehouseSparkSessions {
    /** The default catalog's name when no configuration says otherwise. */
    public static final String DEFAULT_CATALOG = "lakehouse";
    static final String SPARK_FOLDER = "spark";
    private static final int STAGE_THREADS = 32;

    private LakehouseSparkSessions() {
    }

    /**
     * The builder with the lakehouse's settings; the caller adds master, UI and anything else. With {@code delta},
     * Delta's extension comes first: each extension's parser wraps the one before, and Iceberg's and the branch
     * catalogs' parsers hand what they do not know (Delta's OPTIMIZE, VACUUM, DESCRIBE HISTORY) to the one inside.
     */
    static SparkSession.Builder builder(String appName, String catalogName, Path dataDir, boolean delta) throws IOException {
        Path sparkDir = dataDir.resolve(SPARK_FOLDER);
        Files.createDirectories(checkpoints(dataDir));
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .config("spark.sql.extensions", (delta ? DeltaLake.EXTENSION + "," : "")
                        + "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions," + BranchCatalogExtensions.class.getName());
        if (delta) {
            DeltaLake.sessionSettings().forEach(builder::config);
        }
        LakehouseCatalogs.catalogSettings(catalogName).forEach(builder::config);
        return builder
                .config("spark.sql.defaultCatalog", catalogName)
                // the built-in session catalog and scratch space stay in the data directory, not the cwd
                .config("spark.sql.warehouse.dir", sparkDir.resolve("spark-warehouse").toString())
                .config("spark.local.dir", sparkDir.resolve("local").toString())
                .config("spark.sql.streaming.checkpointLocation", checkpoints(dataDir).toString())
                // Spark starts a new thread for each stage it runs ahead until a pool holds this many (1,024 for two of
                // them), and a busy lakehouse never idles a minute to let them go: a soak grew by 150 threads in 8
                // minutes. A local Spark runs a few stages at a time; more wait in the pool's queue.
                .config("spark.sql.broadcastExchange.maxThreadThreshold", STAGE_THREADS)
                .config("spark.sql.shuffleExchange.maxThreadThreshold", STAGE_THREADS)
                .config("spark.sql.resultQueryStage.maxThreadThreshold", STAGE_THREADS);
    }

    /** Where streaming checkpoints live: a pipeline's own are in a folder named after it. */
    public static Path checkpoints(Path dataDir) {
        return dataDir.resolve(SPARK_FOLDER).resolve("checkpoints");
    }

    /**
     * A new session whose default catalog is the given Nessie branch's (the write side of
     * write-audit-publish); the branch's catalog is registered in {@code session} too.
     *
     * @throws IllegalStateException when no lakehouse catalog is configured in this JVM
     */
    public static SparkSession onBranch(SparkSession session, String branch) {
        LakehouseSparkCatalog.Settings settings = LakehouseSparkCatalog.settings();
        if (settings == null) {
            throw new IllegalStateException("the lakehouse's catalog is not configured in this JVM");
        }
        return new LakehouseCatalogs(settings.defaultCatalog(), settings.defaultBranch()).sessionOn(session, branch);
    }

    /**
     * Runs {@code work} with {@code session} as the thread's active session, then restores the previous one.
     * Spark code that is not SQL (DataStreamWriter.toTable, DataFrameWriterV2) resolves table names with the
     * thread's active session's settings, not with those of the session it was called on: without this, a
     * thread that did not create the session resolves "db.table" in spark_catalog, and a branch session's
     * writes could land on the default branch.
     */
    public static <T> T withActive(SparkSession session, java.util.concurrent.Callable<T> work) throws Exception {
        scala.Option<SparkSession> previous = SparkSession.getActiveSession();
        SparkSession.setActiveSession(session);
        try {
            return work.call();
        } finally {
            if (previous.isDefined()) {
                SparkSession.setActiveSession(previous.get());
            } else {
                SparkSession.clearActiveSession();
            }
        }
    }

    /** Points this JVM's lakehouse catalogs (every session's) at a catalog and an object store. */
    static void connect(String catalogName, Endpoint iceberg, Endpoint s3) {
        LakehouseSparkCatalog.configure(new LakehouseSparkCatalog.Settings(catalogName, iceberg.property("default-branch"),
                restClientProperties(iceberg, s3)));
    }

    /** What Iceberg's REST client needs to reach the lakehouse's catalog and, for data files, its object store. */
    static Map<String, String> restClientProperties(Endpoint iceberg, Endpoint s3) {
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "uri", iceberg.uri().toString(),
                "s3.access-key-id", s3.property("access-key"),
                "s3.secret-access-key", s3.property("secret-key")));
        // a catalog open to a network wants its bearer token: RESTCatalog sends its "token" property
        String token = iceberg.properties().get("token");
        if (token != null) {
            properties.putAll(RestCatalogToken.properties(iceberg.uri(), token));
        }
        return Map.copyOf(properties);
    }

    /**
     * A SparkSession of this JVM's own on a lakehouse whose catalog and object store run elsewhere (another
     * process): local[*], no UI, and the configuration's spark.conf.* settings. What `lakehouse pipeline
     * run` uses, as an external Spark job would.
     *
     * @throws IllegalStateException when a SparkSession already runs in this JVM
     */
    public static SparkSession client(Endpoint iceberg, Endpoint s3, Path dataDir, Map<String, String> sessionConf) throws IOException {
        if (SparkSession.getDefaultSession().isDefined()) {
            throw new IllegalStateException("a SparkSession already runs in this JVM");
        }
        connect(DEFAULT_CATALOG, iceberg, s3);
        SparkSession.Builder builder = builder("lakehouse-pipeline", DEFAULT_CATALOG, dataDir, true)
                .master("local[*]")
                .config("spark.ui.enabled", false);
        DeltaLake.s3aSettings(s3).forEach((key, value) -> builder.config("spark.hadoop." + key, value));
        sessionConf.forEach(builder::config);
        return builder.getOrCreate();
    }
}
