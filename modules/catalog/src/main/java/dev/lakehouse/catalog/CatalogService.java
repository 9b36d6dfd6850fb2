package dev.lakehouse.catalog;

import dev.lakehouse.catalog.iceberg.CatalogsByReference;
import dev.lakehouse.catalog.iceberg.IcebergRestApi;
import dev.lakehouse.catalog.iceberg.RestErrorsFeature;
import dev.lakehouse.catalog.io.LocalFileIO;
import dev.lakehouse.catalog.io.LocationFileIO;
import dev.lakehouse.catalog.nessie.NessieRepository;
import dev.lakehouse.catalog.nessie.NessieRestServer;
import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Health;
import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP server (Grizzly) on catalog.port serving Nessie's REST API at /api/v2 (and /api/v1) over the
 * RocksDB repository in {@code <data-dir>/nessie}, and the Iceberg REST catalog at /iceberg. Start order:
 * repository, Nessie's CDI container, the HTTP server with both applications; stop is the reverse.
 */
final class CatalogService implements Service {
    /** The Iceberg REST commits, counted for /metrics. */
    private final dev.lakehouse.catalog.iceberg.CommitMetrics commits = new dev.lakehouse.catalog.iceberg.CommitMetrics();
    private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);
    static final String NESSIE_FOLDER = "nessie";
    /** Iceberg requests call Nessie over HTTP on this same server: enough workers for both. */
    private static final int MAX_WORKERS = 64;

    private final CatalogConfig config;
    private final ServiceContext context;
    private NessieRepository repository;
    private NessieRestServer nessie;
    private CatalogsByReference catalogs;
    private HttpServer server;
    private URI base;
    /** The token every request must carry: present when the lakehouse is open to a network. */
    private java.util.Optional<String> token = java.util.Optional.empty();

    CatalogService(CatalogConfig config, ServiceContext context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public void start() throws Exception {
        repository = NessieRepository.open(context.dataDir().resolve(NESSIE_FOLDER), config.defaultBranch());
        nessie = NessieRestServer.create(repository.versionStore(), config.defaultBranch());
        if (context.exposed()) {
            token = java.util.Optional.of(config.token().orElseThrow(() -> new dev.lakehouse.spi.ConfigException("catalog.token",
                    "catalog.token must be set: the lakehouse is open to the network (lakehouse.bind-address=" + context.bindAddress() + ")")));
            nessie.application().register(new BearerTokenFilter(token.get(), BearerTokenFilter.Api.NESSIE), jakarta.ws.rs.Priorities.AUTHENTICATION);
        }

        server = GrizzlyHttpServerFactory.createHttpServer(
                URI.create("http://" + context.bindAddress() + ":" + config.port() + "/"), nessie.application(), false);
        for (NetworkListener listener : server.getListeners()) {
            listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                    .setPoolName("catalog-http").setCorePoolSize(8).setMaxPoolSize(MAX_WORKERS));
            listener.registerAddOn(new H2cUpgradeIgnored());
        }
        base = URI.create("http://" + context.advertisedHost() + ":" + config.port());

        Endpoint s3 = context.endpoint("storage", "s3");
        catalogs = new CatalogsByReference(nessieCatalogProperties(s3), config.snapshotRetention());
        // Iceberg gets a JAX-RS application of its own: Nessie's catch-all exception mapper must not
        // turn Iceberg's errors into Nessie's JSON.
        ResourceConfig iceberg = new ResourceConfig()
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .register(new IcebergRestApi(catalogs, config.defaultBranch(), clientDefaults(s3), commits))
                .register(RestErrorsFeature.class);
        token.ifPresent(t -> iceberg.register(new BearerTokenFilter(t, BearerTokenFilter.Api.ICEBERG), jakarta.ws.rs.Priorities.AUTHENTICATION));
        GrizzlyHttpContainer icebergHandler = ContainerFactory.createContainer(GrizzlyHttpContainer.class, iceberg);
        // a table name may hold a slash: Spark asks every catalog for delta.`s3a://bucket/path` before Delta reads the
        // path, and Grizzly answers an encoded slash with an empty 500 (clients retry it for half a minute) unless told
        icebergHandler.setAllowEncodedSlash(true);
        server.getServerConfiguration().addHttpHandler(icebergHandler, "/iceberg");
        // the chain that picks the handler by path decodes the path first, with its own setting
        server.getHttpHandler().setAllowEncodedSlash(true);
        server.start();
        LOG.info("Nessie at {}/api/v2, Iceberg REST at {}/iceberg (warehouse {}, default branch {})",
                base, base, config.warehouse(), config.defaultBranch());
    }

    /**
     * NessieCatalog's settings: the Nessie API on this server, the warehouse, and a FileIO by location: the object
     * store for s3:// (where new tables go), this machine's disk for file: (tables a client placed there).
     */
    private Map<String, String> nessieCatalogProperties(Endpoint s3) {
        Map<String, String> properties = new TreeMap<>(fileIoProperties(s3));
        properties.put("io-impl", LocationFileIO.class.getName());
        List<java.nio.file.Path> localRoots = config.localLocations().isEmpty()
                ? List.of(context.dataDir().toAbsolutePath().normalize()) : config.localLocations();
        properties.put(LocalFileIO.ROOTS_PROPERTY, String.join(",", localRoots.stream().map(java.nio.file.Path::toString).toList()));
        properties.put("uri", base + "/api/v2");
        // loopback calls: gzip costs CPU on both ends and saves nothing
        properties.put("nessie.disable-compression", "true");
        properties.put("warehouse", config.warehouse().toString());
        properties.put("s3.access-key-id", s3.property("access-key"));
        properties.put("s3.secret-access-key", s3.property("secret-key"));
        // Nessie's client settings without their "nessie." (NessieCatalog strips it before asking)
        token.ifPresent(t -> {
            properties.put("authentication.type", "BEARER");
            properties.put("authentication.token", t);
            // the client's compatibility check asks /config without its authentication (and only warns on the 401)
            properties.put("enable-api-compatibility-check", "false");
        });
        return properties;
    }

    /**
     * What /iceberg/v1/config hands every client: where the object store is, not how to sign in, and Iceberg's
     * ResolvingFileIO, which picks S3FileIO for s3:// and Hadoop's file system (Spark's) for file: locations.
     */
    private static Map<String, String> clientDefaults(Endpoint s3) {
        Map<String, String> properties = fileIoProperties(s3);
        properties.put("io-impl", "org.apache.iceberg.io.ResolvingFileIO");
        return properties;
    }

    private static Map<String, String> fileIoProperties(Endpoint s3) {
        Map<String, String> properties = new TreeMap<>();
        properties.put("s3.endpoint", s3.uri().toString());
        properties.put("s3.path-style-access", "true");
        properties.put("client.region", s3.property("region"));
        return properties;
    }

    @Override
    public List<Endpoint> endpoints() {
        if (server == null || !server.isStarted()) {
            return List.of();
        }
        Map<String, String> nessieProperties = new TreeMap<>(Map.of("default-branch", config.defaultBranch()));
        Map<String, String> icebergProperties = new TreeMap<>(Map.of("warehouse", config.warehouse().toString(), "default-branch", config.defaultBranch()));
        // the bearer token clients send (Iceberg's "token", Nessie's BEARER authentication); masked over HTTP
        token.ifPresent(t -> {
            nessieProperties.put("token", t);
            icebergProperties.put("token", t);
        });
        return List.of(
                new Endpoint("nessie", "Nessie REST API v2", URI.create(base + "/api/v2"), nessieProperties),
                new Endpoint("iceberg", "Iceberg REST catalog (prefix = Nessie branch)", URI.create(base + "/iceberg"), icebergProperties));
    }

    @Override
    public Health health() {
        return server != null && server.isStarted() ? Health.up() : Health.down("the catalog's HTTP server is not running");
    }

    @Override
    public <T> java.util.Optional<T> unwrap(Class<T> type) {
        return type == dev.lakehouse.spi.MetricsSource.class ? java.util.Optional.of(type.cast(commits)) : java.util.Optional.empty();
    }

    @Override
    public void close() throws Exception {
        if (catalogs != null) {
            catalogs.close();
            catalogs = null;
        }
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
        if (nessie != null) {
            nessie.close();
            nessie = null;
        }
        if (repository != null) {
            repository.close();
            repository = null;
        }
    }
}
