package dev.lakehouse.metastore;

import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Health;
import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hive.metastore.HiveMetaStore;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf.ConfVars;
import org.apache.hadoop.hive.metastore.security.HadoopThriftAuthBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Hive Metastore's Thrift server, in this process, its Derby database in {@code <data-dir>/metastore/metastore_db}
 * (schema created on the first start only, later starts find every database and table again) and its warehouse on
 * the lakehouse's S3, reached through Hadoop's S3A: HMS checks and creates table locations itself.
 */
final class MetastoreService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(MetastoreService.class);
    static final String FOLDER = "metastore";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final MetastoreConfig config;
    private final ServiceContext context;
    private final AtomicReference<Throwable> serverFailure = new AtomicReference<>();
    private DerbyDatabase database;
    private Thread server;
    private volatile ThriftProbe probe;
    private URI uri;

    MetastoreService(MetastoreConfig config, ServiceContext context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public void start() throws Exception {
        Path folder = context.dataDir().resolve(FOLDER);
        Files.createDirectories(folder);
        database = DerbyDatabase.open(folder);
        // HMS's Thrift has no authentication short of Kerberos: beyond loopback it stays on loopback, where the
        // lakehouse's own Trino reaches it (README, "Opening the lakehouse to a network")
        String host = context.exposed() ? "127.0.0.1" : context.bindAddress();
        String advertised = context.exposed() ? "127.0.0.1" : context.advertisedHost();
        if (context.exposed()) {
            LOG.warn("metastore: the Hive Metastore has no authentication, so it listens on 127.0.0.1:{} only (lakehouse.bind-address={})",
                    config.port(), context.bindAddress());
        }
        Configuration conf = metastoreConf(host, context.awaitEndpoint("storage", "s3"));
        prepareWarehouse(conf);
        server = new Thread(() -> {
            try {
                // blocks while it serves; stopped by ThriftServerStopper
                HiveMetaStore.startMetaStore(config.port(), HadoopThriftAuthBridge.getBridge(), conf);
            } catch (Throwable e) {
                serverFailure.set(e);
            }
        }, "metastore-thrift");
        server.setDaemon(true);
        server.start();
        probe = new ThriftProbe(host, config.port());
        awaitServing();
        uri = URI.create("thrift://" + advertised + ":" + config.port());
        LOG.info("Hive Metastore at {} (database {}, warehouse {})", uri, database.folder(), config.warehouse());
    }

    private Configuration metastoreConf(String host, Endpoint s3) {
        Configuration conf = MetastoreConf.newMetastoreConf();
        conf.set("javax.jdo.option.ConnectionURL", database.url());
        conf.set("javax.jdo.option.ConnectionDriverName", DerbyDatabase.DRIVER);
        conf.set("javax.jdo.option.ConnectionUserName", DerbyDatabase.USER);
        conf.set("javax.jdo.option.ConnectionPassword", DerbyDatabase.PASSWORD);
        // the schema is the release's own (DerbySchema), made once: DataNucleus must neither make nor change tables
        MetastoreConf.setBoolVar(conf, ConfVars.AUTO_CREATE_ALL, false);
        MetastoreConf.setBoolVar(conf, ConfVars.SCHEMA_VERIFICATION, true);
        MetastoreConf.setVar(conf, ConfVars.THRIFT_BIND_HOST, host);
        MetastoreConf.setLongVar(conf, ConfVars.SERVER_PORT, config.port());
        MetastoreConf.setVar(conf, ConfVars.WAREHOUSE, config.warehouse());
        // HMS 4 turns a managed table it is given into an external one and moves its location ("translation"); the
        // engines here create plain tables where they say
        MetastoreConf.setVar(conf, ConfVars.METASTORE_METADATA_TRANSFORMER_CLASS, "");
        // no compactor (no ACID tables here) and no metrics reporter threads
        MetastoreConf.setBoolVar(conf, ConfVars.COMPACTOR_INITIATOR_ON, false);
        MetastoreConf.setBoolVar(conf, ConfVars.METRICS_ENABLED, false);
        // S3A to the lakehouse's storage
        conf.set("fs.s3a.endpoint", s3.uri().toString());
        conf.set("fs.s3a.endpoint.region", s3.property("region"));
        conf.set("fs.s3a.path.style.access", "true");
        conf.set("fs.s3a.connection.ssl.enabled", String.valueOf("https".equals(s3.uri().getScheme())));
        conf.set("fs.s3a.access.key", s3.property("access-key"));
        conf.set("fs.s3a.secret.key", s3.property("secret-key"));
        conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        // s3:// too (what Trino, Spark's Iceberg and people write), through the same S3A: HMS checks every table location
        conf.set("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        conf.set("fs.AbstractFileSystem.s3.impl", "org.apache.hadoop.fs.s3a.S3A");
        config.properties().forEach(conf::set);
        return conf;
    }

    /**
     * Creates the warehouse folder through S3A, before HMS serves: a storage it cannot reach is one clear line at start
     * rather than a failed CREATE SCHEMA later, and S3A's first use (the AWS SDK's set-up, seconds on a busy machine)
     * is paid here, not inside a client's first call, which Trino gives 10 s.
     */
    private void prepareWarehouse(Configuration conf) {
        org.apache.hadoop.fs.Path warehouse = new org.apache.hadoop.fs.Path(config.warehouse());
        try {
            warehouse.getFileSystem(conf).mkdirs(warehouse);
        } catch (Exception e) {
            throw new IllegalStateException("the metastore cannot create its warehouse " + config.warehouse() + " on the object store: "
                    + rootMessage(e), e);
        }
    }

    /** Serving means answering a Thrift call: the handler, its object store and the Derby schema are up. */
    private void awaitServing() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            Throwable failure = serverFailure.get();
            if (failure != null) {
                throw new IllegalStateException("the Hive Metastore did not start: " + rootMessage(failure), failure);
            }
            try {
                probe.databases();
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Hive Metastore answers no call on port " + config.port() + ": " + e.getMessage(), e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure.getMessage()) : failure.getMessage() + " (" + root + ")";
    }

    @Override
    public List<Endpoint> endpoints() {
        if (uri == null) {
            return List.of();
        }
        return List.of(new Endpoint("thrift", "Hive Metastore Thrift (no authentication)", uri, Map.of("warehouse", config.warehouse())));
    }

    @Override
    public Health health() {
        ThriftProbe current = probe;
        if (server == null || !server.isAlive() || current == null) {
            Throwable failure = serverFailure.get();
            return Health.down("the Thrift server is not running" + (failure == null ? "" : ": " + rootMessage(failure)));
        }
        try {
            return current.alive() ? Health.up() : Health.down("the Hive Metastore says it is not alive");
        } catch (Exception e) {
            return Health.down("the Hive Metastore answers no call: " + e.getMessage());
        }
    }

    @Override
    public void close() throws Exception {
        if (probe != null) {
            probe.close();
            probe = null;
        }
        if (server != null) {
            ThriftServerStopper.stop();
            server.join(Duration.ofSeconds(30));
            if (server.isAlive()) {
                LOG.warn("metastore: the Thrift server thread did not end within 30 s");
            }
            server = null;
        }
        // S3A's thread pools and connections
        FileSystem.closeAll();
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
