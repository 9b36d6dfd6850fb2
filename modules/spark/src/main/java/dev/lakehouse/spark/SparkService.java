package dev.lakehouse.spark;

import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Health;
import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A SparkSession in this JVM whose default catalog is the lakehouse's Iceberg REST catalog (tables
 * through the catalog, files through S3FileIO on the object store, as against a cloud deployment), with
 * the Spark UI and Spark Connect. Spark keeps its own scratch space under {@code <data-dir>/spark}.
 */
final class SparkService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(SparkService.class);
    private static final int UI_RETAINED = 200;

    private final SparkConfig config;
    private final ServiceContext context;
    private SparkSession session;
    private LakehouseCatalogs catalogs;
    private boolean connectStarted;
    private RestClientSweeper sweeper;
    private final SparkMetrics metrics = new SparkMetrics();

    SparkService(SparkConfig config, ServiceContext context) {
        this.config = config;
        this.context = context;
    }

    /**
     * The SparkContext starts at once, beside storage and the catalog (its start is the longest and needs
     * neither); the lakehouse catalogs are configured when the catalog is ready, before Spark Connect
     * opens and before this service reports ready.
     */
    @Override
    public void start() throws Exception {
        if (SparkSession.getDefaultSession().isDefined()) {
            // getOrCreate would hand back that session, configured for another lakehouse
            throw new IllegalStateException("a SparkSession already runs in this JVM (a JVM holds one SparkContext); "
                    + "stop it, or share one lakehouse between the tests of this JVM");
        }
        ClientCodeWarmUp.startBeside(context);
        SparkSession.Builder builder = LakehouseSparkSessions.builder("lakehouse", config.catalogName(), context.dataDir(), config.deltaEnabled())
                .master(config.master())
                .config("spark.driver.host", context.advertisedHost())
                .config("spark.driver.bindAddress", context.bindAddress())
                .config("spark.ui.enabled", config.uiEnabled())
                .config("spark.ui.port", config.uiPort())
                // the UI keeps the last 1,000 jobs, stages and SQL queries by default: hundreds of MB of heap in a
                // lakehouse that runs for days; the last 200 are what anyone looks at
                .config("spark.ui.retainedJobs", UI_RETAINED)
                .config("spark.ui.retainedStages", UI_RETAINED)
                .config("spark.ui.retainedTasks", UI_RETAINED * 100)
                .config("spark.sql.ui.retainedExecutions", UI_RETAINED)
                // a configured port is taken or the start fails: the banner promises that port
                .config("spark.port.maxRetries", 0)
                .config("spark.connect.grpc.binding.address", context.bindAddress())
                .config("spark.connect.grpc.binding.port", config.connectPort());
        if (context.exposed()) {
            // Spark Connect's own pre-shared token (its clients send it as sc://HOST:PORT/;token=...); the UI has no
            // authentication, so at least it cannot kill jobs
            builder.config("spark.ui.killEnabled", false);
            if (config.connectEnabled()) {
                builder.config("spark.connect.authenticate.token", config.connectToken().orElseThrow(() -> new dev.lakehouse.spi.ConfigException(
                        "spark.connect-token", "spark.connect-token must be set: the lakehouse is open to the network (lakehouse.bind-address="
                        + context.bindAddress() + ")")));
            }
        }
        if (config.master().startsWith("local")) {
            // In local mode the executor is this JVM: on a task's OutOfMemoryError Spark's handler calls
            // System.exit, and one query too big for the heap would stop every component. Depth 0 makes it a
            // failed task (the query fails, its memory is freed); executors of a cluster still exit as Spark means.
            builder.config("spark.executor.killOnFatalError.depth", 0);
            // Each run of a Kafka stream gets a group id of its own, so the consumers Spark pools for reuse are never
            // reused once the run ends; with Spark's defaults (64 of them, idle for 5 minutes) a pipeline run every few
            // seconds keeps 64 consumers with their sockets and buffers alive in this heap. A running stream takes
            // its consumer back within one trigger interval, long before a minute.
            builder.config("spark.kafka.consumer.cache.capacity", 16);
            builder.config("spark.kafka.consumer.cache.timeout", "60s");
            builder.config("spark.kafka.consumer.cache.evictorThreadRunInterval", "20s");
            builder.config("spark.kafka.consumer.fetchedData.cache.timeout", "60s");
            builder.config("spark.kafka.consumer.fetchedData.cache.evictorThreadRunInterval", "20s");
            if (config.deltaEnabled()) {
                // Delta rebuilds a table's state from its log in 50 tasks by default, sized for a cluster; on this
                // JVM's few cores the tasks' overhead doubled the Delta medallion's time (133 s against 67 s with 2)
                builder.config("spark.databricks.delta.snapshotPartitions", 2);
            }
        }
        java.util.Optional<java.nio.file.Path> hiveClient = context.moduleDirectory("hive-client");
        boolean onMetastore = context.enabled("metastore") && hiveClient.isPresent();
        if (onMetastore) {
            SessionCatalogOnMetastore.settings(hiveClient.get()).forEach(builder::config);
        }
        config.sessionConf().forEach(builder::config);
        session = builder.getOrCreate();
        session.sparkContext().addSparkListener(metrics);
        SparkUiAddress.bindTo(session.sparkContext(), context.bindAddress());

        Endpoint iceberg = context.awaitEndpoint("catalog", "iceberg");
        Endpoint s3 = context.awaitEndpoint("storage", "s3");
        LakehouseSparkSessions.connect(config.catalogName(), iceberg, s3);
        // S3A (Delta's tables, any s3a:// path) reads the SparkContext's Hadoop configuration when it first opens a
        // bucket, and every session's Hadoop configuration starts from it: set once the object store is known
        DeltaLake.s3aSettings(s3).forEach(session.sparkContext().hadoopConfiguration()::set);
        if (onMetastore) {
            SessionCatalogOnMetastore.connect(session, context.awaitEndpoint("metastore", "thrift"));
        }
        String defaultBranch = iceberg.property("default-branch");
        catalogs = new LakehouseCatalogs(config.catalogName(), defaultBranch);
        sweeper = new RestClientSweeper(context.awaitEndpoint("catalog", "nessie"));
        sweeper.start();
        if (config.connectEnabled()) {
            SparkConnectService.start(session.sparkContext());
            connectStarted = true;
        }
        if (config.warmUp()) {
            warmUp();
        }
        LOG.info("Spark {} ({}), UI {}, Connect {}", session.version(), config.master(),
                session.sparkContext().uiWebUrl().getOrElse(() -> "off"), connectStarted ? connectUri() : "off");
    }

    /**
     * The first query pays for loading the catalog's and the table reader's code and for Spark's first job:
     * pay it here, on a table of the lakehouse when there is one, not in the user's first query.
     */
    private void warmUp() {
        List<org.apache.spark.sql.Row> namespaces = session.sql("SHOW NAMESPACES").collectAsList();
        for (org.apache.spark.sql.Row namespace : namespaces) {
            List<org.apache.spark.sql.Row> tables = session.sql("SHOW TABLES IN `" + namespace.getString(0) + "`").collectAsList();
            if (!tables.isEmpty()) {
                session.sql("SELECT * FROM `" + namespace.getString(0) + "`.`" + tables.getFirst().getString(1) + "` LIMIT 1")
                        .collectAsList();
                break;
            }
        }
        session.sql("SELECT id % 2 AS k, count(*) FROM range(100) GROUP BY 1").collectAsList();
    }

    private URI connectUri() {
        return URI.create("sc://" + context.advertisedHost() + ":" + config.connectPort());
    }

    @Override
    public List<Endpoint> endpoints() {
        if (session == null) {
            return List.of();
        }
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new Endpoint("session", "SparkSession in this JVM (Lakehouse#spark())", URI.create("spark:" + config.master()),
                Map.of("default-catalog", config.catalogName(), "branch-catalogs", config.catalogName() + "_<branch>")));
        if (config.uiEnabled()) {
            endpoints.add(new Endpoint("ui", "Spark UI (HTTP)", URI.create("http://" + context.advertisedHost() + ":" + config.uiPort())));
        }
        if (connectStarted) {
            endpoints.add(new Endpoint("connect", "Spark Connect (gRPC)", connectUri(), context.exposed() && config.connectToken().isPresent()
                    ? Map.of("token", config.connectToken().get()) : Map.of()));
        }
        return endpoints;
    }

    @Override
    public Health health() {
        return session != null && !session.sparkContext().isStopped() ? Health.up() : Health.down("the SparkContext is stopped");
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type == SparkSession.class && session != null) {
            return Optional.of(type.cast(session));
        }
        if (type == LakehouseCatalogs.class && catalogs != null) {
            return Optional.of(type.cast(catalogs));
        }
        if (type == dev.lakehouse.spi.BranchListener.class && sweeper != null) {
            return Optional.of(type.cast(sweeper));
        }
        if (type == dev.lakehouse.spi.MetricsSource.class && session != null) {
            return Optional.of(type.cast(metrics));
        }
        return Optional.empty();
    }

    /** Spark Connect first: stopped after the SparkContext it hangs the JVM ("SparkEnv.get() is null"). */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.close();
            sweeper = null;
        }
        LakehouseSparkCatalog.configure(null);
        if (connectStarted) {
            SparkConnectService.stop(scala.Option.empty(), scala.Option.empty());
            connectStarted = false;
        }
        if (session != null) {
            session.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
            session = null;
        }
    }
}
