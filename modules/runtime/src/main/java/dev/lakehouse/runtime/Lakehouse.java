package dev.lakehouse.runtime;

import dev.lakehouse.runtime.branch.Branches;
import dev.lakehouse.runtime.config.LakehouseConfig;
import dev.lakehouse.runtime.config.PortMode;
import dev.lakehouse.runtime.config.RuntimeSettings;
import dev.lakehouse.runtime.console.ConsoleServer;
import dev.lakehouse.runtime.console.StatusReport;
import dev.lakehouse.runtime.module.Component;
import dev.lakehouse.runtime.module.ComponentCatalog;
import dev.lakehouse.runtime.pipeline.PipelineRuns;
import dev.lakehouse.runtime.sql.SqlSessions;
import dev.lakehouse.runtime.topic.Topics;
import dev.lakehouse.spi.BranchListener;
import dev.lakehouse.spi.ConfigException;
import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceConfig;
import dev.lakehouse.spi.ServiceContext;
import dev.lakehouse.spark.LakehouseCatalogs;
import dev.lakehouse.spark.LakehouseSparkSessions;
import dev.lakehouse.spark.pipeline.Pipeline;
import dev.lakehouse.spark.pipeline.PipelineContext;
import dev.lakehouse.spark.pipeline.Pipelines;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A lakehouse in this JVM: the components asked for, started in dependency order on one data directory.
 * Built with {@link #builder()}; closing it stops every component in reverse order. A JVM shutdown
 * (Ctrl-C, SIGTERM) closes it too.
 */
public final class Lakehouse implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lakehouse.class);

    private final LakehouseConfig config;
    private final RuntimeSettings settings;
    private final ServiceGraph graph;
    private final Map<String, Component> available;
    private final LakehouseListener listener;
    private final boolean withConsole;
    private final int consolePort;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread shutdownHook = new Thread(this::close, "lakehouse-shutdown");

    private volatile Instant startedAt;
    private volatile Duration startTime;
    private DataDirLock lock;
    private ConsoleServer console;
    /** The console's web server while it starts, beside the components (see start()). */
    private CompletableFuture<ConsoleServer> consoleStarting;
    private RunFile runFile;
    private volatile boolean started;
    private volatile boolean stopped;
    /** What the lakehouse offers beyond its components' endpoints, each made on first use. */
    private Branches branches;
    private Topics topics;
    private SqlSessions sql;
    private PipelineRuns pipelines;
    private final ComponentCatalog modules;

    Lakehouse(LakehouseConfig config, LakehouseListener listener, boolean withConsole) {
        this.config = config;
        this.settings = config.settings();
        this.listener = listener;
        this.withConsole = withConsole;
        ComponentCatalog catalog = ComponentCatalog.discover(Lakehouse.class.getClassLoader());
        this.available = catalog.components();
        this.modules = catalog;
        config.checkPrefixes(available.keySet());

        List<Component> enabled = enabledInStartOrder();
        Map<String, Integer> ports = choosePorts(enabled);
        this.consolePort = ports.getOrDefault("console.port", settings.consolePort());
        Map<String, String> replacements = new HashMap<>();
        ports.forEach((key, port) -> replacements.put(key, String.valueOf(port)));

        // Every component binds its configuration now, the disabled ones too: a mistake anywhere in the
        // configuration is reported before anything starts.
        List<ServiceGraph.Node> nodes = new ArrayList<>();
        for (Component component : available.values()) {
            ServiceConfig serviceConfig = config.serviceConfig(component.name(), replacements);
            Service service = create(component, new Context(serviceConfig));
            serviceConfig.checkAllUsed();
            if (enabled.contains(component)) {
                Map<String, Integer> ownPorts = new TreeMap<>();
                config.portKeys(component.name()).forEach(key -> ownPorts.put(key, Integer.valueOf(
                        replacements.getOrDefault(key, config.values().get(key)))));
                nodes.add(new ServiceGraph.Node(component, service, startWaitsFor(component, enabled), ownPorts));
            }
        }
        nodes.sort((a, b) -> Integer.compare(enabled.indexOf(a.component), enabled.indexOf(b.component)));
        this.graph = new ServiceGraph(nodes, settings.bindAddress(), settings.startTimeout(), listener);
    }

    public static LakehouseBuilder builder() {
        return new LakehouseBuilder();
    }

    /**
     * Starts every enabled component and returns once all are ready.
     *
     * @throws LakehouseStartException naming the component that failed; whatever had started is stopped
     */
    public Lakehouse start() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("this lakehouse was started already");
            }
            started = true;
        }
        long begin = System.nanoTime();
        startedAt = Instant.now();
        LOG.info("lakehouse {} starting on {} (Java {}); components: {}", version(), settings.dataDir(),
                Runtime.version(), graph.nodes().keySet());
        LOG.info("Configuration: {}", maskedConfiguration());
        try {
            lock = DataDirLock.acquire(settings.dataDir());
            if (withConsole) {
                // a port in use fails here, before anything starts; the web server's own start (its classes: a few
                // hundred ms on a cold JVM) runs beside the components', and /health answers as soon as it is up
                ConsoleServer.checkPort(settings.bindAddress(), consolePort);
                consoleStarting = CompletableFuture.supplyAsync(() -> ConsoleServer.start(this, settings.bindAddress(),
                                settings.advertisedHost(), consolePort, settings.exposed() ? Optional.of(settings.consoleToken()) : Optional.empty()),
                        task -> Thread.ofPlatform().daemon().name("lakehouse-console-start").start(task));
            }
            // From here on Ctrl-C or SIGTERM stops cleanly whatever has started.
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            graph.start();
            if (consoleStarting != null) {
                console = startedConsole();
            }
            startTime = Duration.ofNanos(System.nanoTime() - begin);
            synchronized (this) {
                if (stopped) {
                    throw new LakehouseStartException(null, "stopped while starting", null);
                }
                runFile = RunFile.write(settings.dataDir(), StatusReport.of(this, true));
            }
            LOG.info("lakehouse ready in {} ms", startTime.toMillis());
            if (console != null) {
                warmUpCommandLinePath();
            }
            return this;
        } catch (IOException e) {
            releaseAfterFailure();
            throw new LakehouseStartException(null, "cannot use the data directory " + settings.dataDir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            releaseAfterFailure();
            throw e;
        }
    }

    /**
     * The command line's first statement would pay for loading Trino's JDBC driver and the API's code here: pay it
     * now, on a thread of its own, while nobody waits (it changes nothing).
     */
    private void warmUpCommandLinePath() {
        if (!isReady("trino")) {
            return;
        }
        Thread.ofPlatform().daemon().name("lakehouse-api-warm-up").start(() -> {
            String id = "warm-up-" + java.util.UUID.randomUUID();
            try {
                sql().session(id, "trino", "lakehouse", null).execute("SELECT 1", new dev.lakehouse.runtime.sql.ResultSink() {
                    @Override
                    public void columns(List<Column> columns) {
                    }

                    @Override
                    public void row(List<Object> values) {
                    }

                    @Override
                    public void done(java.util.OptionalLong updateCount) {
                    }
                });
            } catch (Exception e) {
                LOG.debug("warming up the command line's SQL path failed", e);
            } finally {
                sql().close(id);
            }
        });
    }

    private void releaseAfterFailure() {
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
        closeConsoleAndLock();
        closed.countDown();
    }

    /** Stops every component, the last started first. Safe to call more than once. */
    @Override
    public void close() {
        synchronized (this) {
            if (!started || stopped) {
                return;
            }
            stopped = true;
        }
        LOG.info("lakehouse stopping");
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down; our hook will find the work done
            }
        }
        if (runFile != null) {
            runFile.delete();
        }
        closeCapabilities();
        graph.stop();
        closeConsoleAndLock();
        LOG.info("lakehouse stopped");
        listener.lakehouseStopped();
        closed.countDown();
    }

    /** Runs and sessions first: they use the components, which stop next. */
    private synchronized void closeCapabilities() {
        for (AutoCloseable capability : new AutoCloseable[] {pipelines, sql, topics}) {
            if (capability != null) {
                try {
                    capability.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed: {}", capability.getClass().getSimpleName(), e.toString());
                }
            }
        }
        pipelines = null;
        sql = null;
        topics = null;
    }

    /** The console once its web server is up; its start's failure as it was thrown. */
    private ConsoleServer startedConsole() {
        try {
            return consoleStarting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private void closeConsoleAndLock() {
        ConsoleServer server = console;
        if (server == null && consoleStarting != null) {
            // stopped while the console was starting: wait for it, so that no server outlives the lakehouse
            try {
                server = consoleStarting.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("the console did not start: {}", e.toString());
            }
        }
        if (server != null) {
            server.close();
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("could not release the data directory lock: {}", e.getMessage());
            }
        }
    }

    /** Blocks until {@link #close()} has finished (for example after Ctrl-C). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** The state of every enabled component, in start order. */
    public List<ServiceStatus> status() {
        return graph.status();
    }

    /** Every enabled component is ready and healthy. */
    public boolean isReady() {
        List<ServiceStatus> status = status();
        return !status.isEmpty() && status.stream().allMatch(ServiceStatus::healthy);
    }

    public RuntimeSettings settings() {
        return settings;
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** The enabled components, in start order. */
    public List<String> services() {
        return List.copyOf(graph.nodes().keySet());
    }

    /** What each component runs ("S3Proxy 4.1.0"), for every component there is. */
    public Map<String, String> componentVersions() {
        Map<String, String> versions = new TreeMap<>();
        available.forEach((name, component) -> versions.put(name, component.factory().description()));
        return versions;
    }

    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    /** How long {@link #start()} took, once it has returned. */
    public Optional<Duration> startTime() {
        return Optional.ofNullable(startTime);
    }

    /** The console's address, when it was asked for with {@link LakehouseBuilder#withConsole()}. */
    public Optional<URI> consoleUri() {
        return Optional.ofNullable(console).map(ConsoleServer::uri);
    }

    /**
     * An endpoint of a running component.
     *
     * @throws IllegalStateException when the component is not enabled or not ready
     */
    public Endpoint endpoint(String service, String name) {
        ServiceGraph.Node node = graph.nodes().get(service);
        if (node == null) {
            throw new IllegalStateException(service + " is not enabled in this lakehouse (enabled: " + services() + ")");
        }
        return node.endpoints.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(service + " has no endpoint '" + name + "' (state "
                        + node.state + ")"));
    }

    /** The S3 endpoint of the object store (path-style addressing). */
    public URI s3Endpoint() {
        return endpoint("storage", "s3").uri();
    }

    public String s3AccessKey() {
        return endpoint("storage", "s3").property("access-key");
    }

    public String s3SecretKey() {
        return endpoint("storage", "s3").property("secret-key");
    }

    public String s3Region() {
        return endpoint("storage", "s3").property("region");
    }

    /** Nessie's REST API v2, e.g. http://127.0.0.1:19120/api/v2. */
    public URI nessieUri() {
        return endpoint("catalog", "nessie").uri();
    }

    /** The Iceberg REST catalog, e.g. http://127.0.0.1:19120/iceberg (the branch is chosen with "warehouse"). */
    public URI icebergRestUri() {
        return endpoint("catalog", "iceberg").uri();
    }

    /**
     * The SparkSession of this lakehouse: a real {@code org.apache.spark.sql.SparkSession} whose default
     * catalog holds the lakehouse's Iceberg tables on the default branch.
     *
     * @throws IllegalStateException when spark is not among the started components
     */
    public SparkSession spark() {
        SparkSession session = service("spark").unwrap(SparkSession.class)
                .orElseThrow(() -> new IllegalStateException("spark is not running in this lakehouse"));
        // Spark's non-SQL APIs (writeStream().toTable(...)) resolve names with the calling thread's active
        // session: a thread other than the one that started Spark would otherwise resolve them in spark_catalog
        if (SparkSession.getActiveSession().isEmpty()) {
            SparkSession.setActiveSession(session);
        }
        return session;
    }

    /**
     * A new SparkSession of the same Spark application whose default catalog is the given Nessie branch's
     * (its catalog is also reachable from any session as lakehouse_BRANCH once registered).
     */
    public SparkSession spark(String branch) {
        return service("spark").unwrap(LakehouseCatalogs.class)
                .orElseThrow(() -> new IllegalStateException("spark is not running in this lakehouse"))
                .sessionOn(spark(), branch);
    }

    /**
     * Runs one of the lakehouse's pipelines (see {@code lakehouse pipeline list}) on this lakehouse's Spark,
     * with its checkpoints under the data directory: a batch pipeline to its end, a streaming one until its
     * input is consumed ({@code untilIdle}) or the calling thread is interrupted.
     */
    public void runPipeline(String name, boolean untilIdle, Map<String, String> options) throws Exception {
        runPipeline(name, untilIdle, options, line -> LOG.info("{}: {}", name, line));
    }

    /**
     * Runs a pipeline as {@link #runPipeline(String, boolean, Map)} does, its progress lines (e.g. the medallion
     * pipeline's rows per layer and audit) going to {@code progress}.
     *
     * @throws dev.lakehouse.spark.pipeline.AuditFailedException when a write-audit-publish audit fails (main untouched)
     */
    public void runPipeline(String name, boolean untilIdle, Map<String, String> options, java.util.function.Consumer<String> progress)
            throws Exception {
        Pipeline pipeline = Pipelines.named(name);
        SparkSession spark = spark();
        LakehouseSparkSessions.withActive(spark, () -> {
            pipeline.run(new PipelineContext(spark, this::endpoint,
                    LakehouseSparkSessions.checkpoints(dataDir()).resolve(pipeline.name()), untilIdle, options, progress));
            return null;
        });
    }

    /**
     * The catalog's branches: list, create, merge, delete, log.
     *
     * @throws IllegalStateException when the catalog is not running in this lakehouse
     */
    public synchronized Branches branches() {
        requireReady("catalog");
        if (branches == null) {
            branches = new Branches(endpoint("catalog", "nessie"), this::branchListeners);
        }
        return branches;
    }

    private List<BranchListener> branchListeners() {
        List<BranchListener> listeners = new ArrayList<>();
        graph.nodes().values().forEach(node -> node.service.unwrap(BranchListener.class).ifPresent(listeners::add));
        return listeners;
    }

    /**
     * Kafka's topics: list, create, describe, delete, produce.
     *
     * @throws IllegalStateException when kafka is not running in this lakehouse
     */
    public synchronized Topics topics() {
        requireReady("kafka");
        if (topics == null) {
            topics = new Topics(kafkaBootstrapServers(), kafkaClientSecurity());
        }
        return topics;
    }

    /** SQL sessions on this lakehouse's Trino and Spark (those of them that run), as the command line holds them. */
    public synchronized SqlSessions sql() {
        if (sql == null) {
            sql = new SqlSessions(Map.of(
                    "trino", () -> isReady("trino") ? Optional.of(SqlSessions.trino(trinoJdbcUrl(), trinoJdbcProperties())) : Optional.empty(),
                    "spark", () -> isReady("spark") ? Optional.of(SqlSessions.spark(spark())) : Optional.empty()));
        }
        return sql;
    }

    /**
     * The pipelines, run inside this lakehouse on its Spark, one run of each at a time.
     *
     * @throws IllegalStateException when spark is not running in this lakehouse
     */
    public synchronized PipelineRuns pipelines() {
        requireReady("spark");
        if (pipelines == null) {
            pipelines = new PipelineRuns(spark(), this::endpoint, LakehouseSparkSessions.checkpoints(dataDir()));
        }
        return pipelines;
    }

    /**
     * The numbers of this lakehouse for {@code GET /metrics}: each enabled component's state and what every ready
     * one reports ({@link dev.lakehouse.spi.MetricsSource}), plus the runs of the pipelines when Spark runs. A disabled
     * component reports nothing, so its families are absent.
     */
    public void collectMetrics(dev.lakehouse.spi.MetricsSink sink) {
        graph.collectMetrics(sink);
        if (isReady("spark")) {
            PipelineRuns runs;
            synchronized (this) {
                runs = pipelines;
            }
            // before the first run the families are there with zeros, so a dashboard's rate() starts at once
            (runs == null ? dev.lakehouse.runtime.pipeline.PipelineRunMetrics.before(PipelineRuns.available().keySet())
                    : runs.metrics()).collect(sink);
        }
    }

    private boolean isReady(String service) {
        ServiceGraph.Node node = graph.nodes().get(service);
        return node != null && node.state == ServiceState.READY;
    }

    private void requireReady(String service) {
        if (!isReady(service)) {
            throw new IllegalStateException(graph.nodes().containsKey(service)
                    ? service + " is not ready yet in this lakehouse"
                    : service + " is not running in this lakehouse (it runs " + String.join(", ", services()) + ")");
        }
    }

    /**
     * The Kafka client settings the broker asks for besides its bootstrap servers, under Kafka's own names: none on
     * loopback; security.protocol, sasl.mechanism and sasl.jaas.config (SASL/PLAIN) beyond.
     */
    public Map<String, String> kafkaClientSecurity() {
        Map<String, String> settings = new TreeMap<>();
        endpoint("kafka", "bootstrap").properties().forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.")) {
                settings.put(key, value);
            }
        });
        return settings;
    }

    /** Kafka's bootstrap servers, e.g. 127.0.0.1:9092. */
    public String kafkaBootstrapServers() {
        return endpoint("kafka", "bootstrap").property("bootstrap-servers");
    }

    /**
     * Trino's JDBC URL, e.g. jdbc:trino://127.0.0.1:8080 (user: any name; on loopback no password), to which a client
     * adds {@link #trinoJdbcProperties()}.
     */
    public String trinoJdbcUrl() {
        return endpoint("trino", "http").property("jdbc-url");
    }

    /**
     * What a JDBC connection to Trino needs besides its user: nothing on loopback; beyond it the driver's SSL=true,
     * SSLTrustStorePath (the coordinator's self-signed certificate) and password.
     */
    public Properties trinoJdbcProperties() {
        Map<String, String> endpoint = endpoint("trino", "http").properties();
        Properties properties = new Properties();
        if (endpoint.containsKey("password")) {
            properties.setProperty("SSL", endpoint.getOrDefault("ssl", "true"));
            properties.setProperty("SSLTrustStorePath", endpoint.get("ssl-truststore-path"));
            properties.setProperty("password", endpoint.get("password"));
        }
        return properties;
    }

    /** Spark Connect, e.g. sc://127.0.0.1:15002. */
    public URI sparkConnectUri() {
        return endpoint("spark", "connect").uri();
    }

    /**
     * A component's service object, for what its endpoints do not carry (the SparkSession).
     *
     * @throws IllegalStateException when the component is not enabled
     */
    public Service service(String name) {
        ServiceGraph.Node node = graph.nodes().get(name);
        if (node == null) {
            throw new IllegalStateException(name + " is not enabled in this lakehouse (enabled: " + services() + ")");
        }
        return node.service;
    }

    /** The version of the lakehouse itself. */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = Lakehouse.class.getResourceAsStream("version.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    private Map<String, String> maskedConfiguration() {
        Map<String, String> masked = new TreeMap<>();
        config.values().forEach((key, value) -> masked.put(key,
                StatusReport.isSecret(key) ? "****" : value));
        return masked;
    }

    /** The asked-for components plus everything they depend on, each after its dependencies. */
    private List<Component> enabledInStartOrder() {
        List<String> asked = settings.services().isEmpty() ? List.copyOf(available.keySet()) : settings.services();
        Set<Component> ordered = new LinkedHashSet<>();
        for (String name : asked) {
            addWithDependencies(name, ordered, new LinkedHashSet<>());
        }
        // a component that starts after others when they are enabled (startsAfter) comes after them too
        List<Component> result = new ArrayList<>();
        Set<String> placed = new java.util.HashSet<>();
        List<Component> waiting = new ArrayList<>(ordered);
        while (!waiting.isEmpty()) {
            Component next = waiting.stream().filter(c -> placed.containsAll(startWaitsFor(c, ordered))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("components wait for each other in a circle: " + waiting));
            waiting.remove(next);
            result.add(next);
            placed.add(next.name());
        }
        return List.copyOf(result);
    }

    /** What a component's start waits for: its dependencies, and the enabled ones it starts after. */
    private static Set<String> startWaitsFor(Component component, java.util.Collection<Component> enabled) {
        Set<String> waits = new java.util.TreeSet<>(component.factory().dependencies());
        enabled.stream().map(Component::name).filter(component.factory().startsAfter()::contains).forEach(waits::add);
        return waits;
    }

    private void addWithDependencies(String name, Set<Component> ordered, Set<String> visiting) {
        Component component = available.get(name);
        if (component == null) {
            throw new ConfigException("lakehouse.services", "Unknown component '" + name
                    + "' in lakehouse.services (--services); components: " + String.join(", ", available.keySet()));
        }
        if (!visiting.add(name)) {
            throw new IllegalStateException("components depend on each other in a circle: " + visiting);
        }
        for (String dependency : component.factory().dependencies()) {
            addWithDependencies(dependency, ordered, visiting);
        }
        visiting.remove(name);
        ordered.add(component);
    }

    /** In random mode, a free port for every port key not set explicitly by the user. */
    private Map<String, Integer> choosePorts(List<Component> enabled) {
        Map<String, Integer> ports = new TreeMap<>();
        if (settings.ports() != PortMode.RANDOM) {
            return ports;
        }
        PortAllocator allocator = new PortAllocator(settings.bindAddress());
        List<String> keys = new ArrayList<>(List.of("console.port"));
        enabled.forEach(component -> keys.addAll(config.portKeys(component.name())));
        for (String key : keys) {
            if (!config.isExplicit(key)) {
                ports.put(key, allocator.freePort());
            }
        }
        return ports;
    }

    private Service create(Component component, ServiceContext context) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(component.classLoader());
        try {
            return component.factory().create(context);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** What a component sees of the runtime. */
    private final class Context implements ServiceContext {
        private final ServiceConfig serviceConfig;

        Context(ServiceConfig serviceConfig) {
            this.serviceConfig = serviceConfig;
        }

        @Override
        public Path dataDir() {
            return settings.dataDir();
        }

        @Override
        public String bindAddress() {
            return settings.bindAddress();
        }

        @Override
        public String advertisedHost() {
            return settings.advertisedHost();
        }

        @Override
        public ServiceConfig config() {
            return serviceConfig;
        }

        @Override
        public Endpoint endpoint(String service, String endpointName) {
            return Lakehouse.this.endpoint(service, endpointName);
        }

        @Override
        public Endpoint awaitEndpoint(String service, String endpointName) throws InterruptedException {
            return graph.awaitEndpoint(service, endpointName);
        }

        @Override
        public boolean enabled(String service) {
            return graph.nodes().containsKey(service);
        }

        @Override
        public <T> Optional<T> host(Class<T> type) {
            return type.isInstance(Lakehouse.this) ? Optional.of(type.cast(Lakehouse.this)) : Optional.empty();
        }

        @Override
        public Optional<Path> moduleDirectory(String name) {
            return modules.moduleDirectory(name);
        }
    }
}
