package dev.lakehouse.kafka;

import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Health;
import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One KRaft node that is broker and controller, its log in {@code <data-dir>/kafka}. The directory is
 * formatted on the first start only (when it holds no meta.properties); later starts find every topic
 * and offset again.
 */
final class KafkaService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaService.class);
    static final String KAFKA_FOLDER = "kafka";
    private static final int NODE_ID = 1;

    private final BrokerConfig config;
    private final ServiceContext context;
    private KafkaRaftServer server;
    private DiskGuard diskGuard;
    private ConsumerLag consumerLag;
    private String bootstrapServers;
    /** Present when the lakehouse is open to a network: the client listener then wants SASL/PLAIN. */
    private java.util.Optional<SaslPlain> sasl = java.util.Optional.empty();

    KafkaService(BrokerConfig config, ServiceContext context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public void start() throws Exception {
        Path logDir = context.dataDir().resolve(KAFKA_FOLDER);
        Files.createDirectories(logDir);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir);
        }
        bootstrapServers = context.advertisedHost() + ":" + config.port();
        if (context.exposed()) {
            sasl = java.util.Optional.of(new SaslPlain(config.user(), config.password().orElseThrow(() -> new dev.lakehouse.spi.ConfigException(
                    "kafka.password", "kafka.password must be set: the lakehouse is open to the network (lakehouse.bind-address="
                    + context.bindAddress() + ")"))));
        }
        server = new KafkaRaftServer(kafka.server.KafkaConfig.fromProps(brokerProperties(logDir), false), Time.SYSTEM);
        server.startup();
        awaitBroker();
        diskGuard = new DiskGuard(bootstrapServers, clientSecurity(), logDir, config.minFreeDisk());
        diskGuard.start();
        consumerLag = new ConsumerLag(bootstrapServers, clientSecurity());
        LOG.info("Kafka broker at {} (log {})", bootstrapServers, logDir);
    }

    private Properties brokerProperties(Path logDir) {
        String bind = context.bindAddress();
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", String.valueOf(NODE_ID));
        if (sasl.isEmpty()) {
            properties.put("controller.quorum.voters", NODE_ID + "@" + context.advertisedHost() + ":" + config.controllerPort());
            properties.put("listeners", "PLAINTEXT://" + bind + ":" + config.port() + ",CONTROLLER://" + bind + ":" + config.controllerPort());
            properties.put("advertised.listeners", "PLAINTEXT://" + bootstrapServers);
            properties.put("inter.broker.listener.name", "PLAINTEXT");
            properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            // Open to a network: clients log in with SASL/PLAIN; the controller (which an admin client can also reach,
            // bootstrap.controllers) stays on loopback, where only this process talks to it.
            String listener = SaslPlain.LISTENER;
            properties.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + config.controllerPort());
            properties.put("listeners", listener + "://" + bind + ":" + config.port() + ",CONTROLLER://127.0.0.1:" + config.controllerPort());
            properties.put("advertised.listeners", listener + "://" + bootstrapServers);
            properties.put("inter.broker.listener.name", listener);
            properties.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
            properties.putAll(sasl.get().brokerProperties());
        }
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("log.dirs", logDir.toString());
        // one node: every internal topic has one replica
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("auto.create.topics.enable", String.valueOf(config.autoCreateTopics()));
        properties.put("num.partitions", String.valueOf(config.defaultPartitions()));
        properties.put("log.retention.ms", String.valueOf(config.retention().toMillis()));
        properties.put("log.retention.bytes", String.valueOf(config.retentionBytes()));
        // retention removes whole segments, and looks every 5 minutes by default: smaller segments, looked at
        // often, keep a partition close to its cap under a fast producer
        properties.put("log.segment.bytes", String.valueOf(Math.min(128L << 20, Math.max(1L << 20, config.retentionBytes() / 4))));
        properties.put("log.retention.check.interval.ms", "30000");
        // The controller logs an ERROR for any event slower than 2 s. Here it shares a JVM with Spark and Trino, whose
        // full GCs and CPU bursts on a laptop stretch an event past that without anything being wrong (the soak saw
        // 5 in 30 minutes at a load of 35); a stall of 10 s is still one.
        properties.put("controller.performance.always.log.threshold.ms", "10000");
        properties.putAll(config.brokerProperties());
        return properties;
    }

    /** What `kafka-storage.sh format` does, once, with the formatter's chatter kept for the log. */
    private void format(Path logDir) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new Formatter()
                .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .run();
        LOG.info("Formatted the Kafka log directory {}: {}", logDir, output.toString(StandardCharsets.UTF_8).strip());
    }

    /** Ready when a client sees the broker in the cluster. */
    private void awaitBroker() throws Exception {
        Map<String, Object> admin = new java.util.HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60000));
        admin.putAll(clientSecurity());
        try (Admin client = Admin.create(admin)) {
            client.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public List<Endpoint> endpoints() {
        if (bootstrapServers == null) {
            return List.of();
        }
        Map<String, String> properties = new java.util.TreeMap<>(Map.of("bootstrap-servers", bootstrapServers));
        // Kafka's own client settings (security.*, sasl.*: what an in-process client adds), and the user for people
        properties.putAll(clientSecurity());
        sasl.ifPresent(s -> {
            properties.put("username", s.user());
            properties.put("password", s.password());
        });
        return List.of(new Endpoint("bootstrap", sasl.isPresent() ? "Kafka protocol (SASL_PLAINTEXT, PLAIN)" : "Kafka protocol (PLAINTEXT)",
                URI.create("kafka://" + bootstrapServers), properties));
    }

    /** The client settings this broker asks for: none on loopback, SASL/PLAIN beyond. */
    private Map<String, String> clientSecurity() {
        return sasl.map(SaslPlain::clientProperties).orElse(Map.of());
    }

    @Override
    public Health health() {
        if (server == null) {
            return Health.down("the broker is not running");
        }
        return diskGuard != null && diskGuard.throttling() ? new Health(true, diskGuard.describe()) : Health.up();
    }

    @Override
    public <T> java.util.Optional<T> unwrap(Class<T> type) {
        return type == dev.lakehouse.spi.MetricsSource.class && consumerLag != null
                ? java.util.Optional.of(type.cast(new KafkaMetrics(consumerLag))) : java.util.Optional.empty();
    }

    @Override
    public void close() {
        if (consumerLag != null) {
            consumerLag.close();
            consumerLag = null;
        }
        if (diskGuard != null) {
            diskGuard.close();
            diskGuard = null;
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
