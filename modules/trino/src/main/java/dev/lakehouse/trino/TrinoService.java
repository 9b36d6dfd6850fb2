package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.spi.BranchListener;
import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Health;
import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Trino coordinator that schedules work on itself, its plugins (iceberg, hive, tpch, tpcds, memory) in
 * {@code <module>/plugin/NAME/} loaded by Trino's own plugin class loaders. A catalog whose properties are
 * wrong fails alone: it is reported, and the coordinator and the other catalogs stay up.
 */
final class TrinoService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(TrinoService.class);
    private static final Duration FIRST_QUERY_TIMEOUT = Duration.ofMinutes(2);
    static final String USER = "lakehouse";

    private final TrinoConfig config;
    private final ServiceContext context;
    private final Map<String, String> failedCatalogs = new TreeMap<>();
    private EmbeddedTrino trino;
    private BranchCatalogs branchCatalogs;
    private URI uri;
    /** Present when the lakehouse is open to a network: HTTPS, and a password from every client. */
    private HttpsCertificate https;
    /** The metastore's Thrift endpoint, when the lakehouse runs one: the hive catalog's. */
    private java.util.Optional<Endpoint> metastore = java.util.Optional.empty();

    TrinoService(TrinoConfig config, ServiceContext context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public void start() throws Exception {
        Map<String, String> properties = serverProperties(pluginDirectory());
        java.util.Optional<io.trino.spi.security.PasswordAuthenticator> passwords = java.util.Optional.empty();
        if (context.exposed()) {
            String password = config.password().orElseThrow(() -> new dev.lakehouse.spi.ConfigException("trino.password",
                    "trino.password must be set: the lakehouse is open to the network (lakehouse.bind-address=" + context.bindAddress() + ")"));
            https = HttpsCertificate.forAddress(context.dataDir(), context.bindAddress());
            properties.remove("http-server.http.port");
            properties.putAll(authenticatedProperties(https));
            passwords = java.util.Optional.of(new SharedPasswordAuthenticator(password));
        }
        trino = new EmbeddedTrino(TrinoServiceFactory.trinoVersion());
        trino.start(properties, passwords);
        uri = URI.create((https != null ? "https://" : "http://") + context.advertisedHost() + ":" + config.port());

        Endpoint iceberg = context.awaitEndpoint("catalog", "iceberg");
        Endpoint s3 = context.awaitEndpoint("storage", "s3");
        metastore = context.enabled("metastore") ? java.util.Optional.of(context.awaitEndpoint("metastore", "thrift")) : java.util.Optional.empty();
        Map<String, TrinoCatalogs.Definition> definitions = TrinoCatalogs.definitions(iceberg, s3, metastore, config.catalogProperties());
        definitions.forEach((name, definition) -> {
            try {
                trino.createCatalog(name, definition.connector(), definition.properties());
            } catch (RuntimeException e) {
                String reason = reason(e);
                failedCatalogs.put(name, reason);
                LOG.warn("trino: catalog {} is not available: {} (set its properties with trino.catalog.{}.*)", name, reason, name);
                LOG.debug("catalog {} failed", name, e);
            }
        });
        awaitFirstQuery();
        if (!failedCatalogs.containsKey("iceberg") && "iceberg".equals(definitions.get("iceberg").connector())) {
            branchCatalogs = new BranchCatalogs(trino, context.awaitEndpoint("catalog", "nessie").uri(), iceberg.property("default-branch"),
                    definitions.get("iceberg").properties());
            branchCatalogs.start();
        }
        LOG.info("Trino at {} with catalogs {}", uri, catalogNames());
    }

    private Map<String, String> serverProperties(Path pluginDir) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("coordinator", "true");
        properties.put("node-scheduler.include-coordinator", "true");
        properties.put("node.environment", "lakehouse");
        properties.put("node.internal-address", context.advertisedHost());
        properties.put("node.bind-ip", context.bindAddress());
        properties.put("http-server.http.port", String.valueOf(config.port()));
        // Trino's request log goes to var/log under the working directory otherwise
        properties.put("http-server.log.enabled", "false");
        properties.put("catalog.management", "dynamic");
        properties.put("catalog.store", "memory");
        properties.put("plugin.dir", pluginDir.toString());
        properties.put("query.max-memory", config.maxQueryMemory());
        properties.put("query.max-memory-per-node", config.maxQueryMemory());
        // Trino keeps every query of the last 15 minutes with its full statistics, then the last 100: in a lakehouse
        // that pipelines and flows keep busy, thousands of query records in the heap every component shares. The
        // last 100 queries (and any of the last 2 minutes) are what anyone looks at.
        properties.put("query.min-expire-age", "2m");
        properties.putAll(config.serverProperties());
        return properties;
    }

    /**
     * Trino's own way for a coordinator open to a network: HTTPS only (its clients send a password over TLS only, and
     * its HTTP port would take any user name), password authentication, and its internal requests (the coordinator
     * schedules on itself) signed with a shared secret, over HTTPS too, trusting the same certificate.
     */
    private Map<String, String> authenticatedProperties(HttpsCertificate certificate) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("http-server.http.enabled", "false");
        properties.put("http-server.https.enabled", "true");
        properties.put("http-server.https.port", String.valueOf(config.port()));
        properties.put("http-server.https.keystore.path", certificate.keyStore().toString());
        properties.put("http-server.https.keystore.key", HttpsCertificate.KEY_STORE_PASSWORD);
        properties.put("http-server.authentication.type", "PASSWORD");
        // Trino insists the file is there; the authenticator itself is bound in EmbeddedTrino, not loaded from it
        properties.put("password-authenticator.config-files", certificate.keyStore().resolveSibling("password-authenticator.properties").toString());
        properties.put("internal-communication.https.required", "true");
        properties.put("internal-communication.https.truststore.path", certificate.certificate().toString());
        // a fresh secret each start: only this process's own nodes (one) ever use it
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        properties.put("internal-communication.shared-secret", java.util.Base64.getEncoder().encodeToString(secret));
        return properties;
    }

    /** The plugin folders travel in this module's folder, next to its jar. */
    private static Path pluginDirectory() throws Exception {
        Path moduleJar = Path.of(TrinoService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path plugins = moduleJar.getParent().resolve("plugin");
        if (!Files.isDirectory(plugins)) {
            throw new IllegalStateException("Trino's plugin folders are missing: " + plugins);
        }
        return plugins;
    }

    /** Ready means answering queries: the node has announced itself and the scheduler sees it. */
    private void awaitFirstQuery() throws InterruptedException {
        long deadline = System.nanoTime() + FIRST_QUERY_TIMEOUT.toNanos();
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        if (https != null) {
            try {
                builder.sslContext(https.trustingContext());
            } catch (IOException | java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot read Trino's certificate " + https.certificate() + ": " + e.getMessage(), e);
            }
        }
        try (HttpClient http = builder.build()) {
            while (true) {
                try {
                    runStatement(http, "SELECT 1");
                    return;
                } catch (IOException | IllegalStateException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Trino answers no query: " + e.getMessage(), e);
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /** Trino's client protocol: POST the statement, then follow nextUri until the query ends. */
    private void runStatement(HttpClient http, String sql) throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        HttpRequest request = authenticated(HttpRequest.newBuilder(URI.create(uri + "/v1/statement")))
                .header("X-Trino-User", USER).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        JsonNode response = json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        while (true) {
            if (response.has("error")) {
                throw new IllegalStateException(response.path("error").path("message").asText());
            }
            if (!response.hasNonNull("nextUri")) {
                return;
            }
            response = json.readTree(http.send(authenticated(HttpRequest.newBuilder(URI.create(response.path("nextUri").asText())))
                    .header("X-Trino-User", USER).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    /** HTTP basic authentication with the password, when the coordinator asks for one. */
    private HttpRequest.Builder authenticated(HttpRequest.Builder request) {
        if (https != null) {
            String credentials = USER + ":" + config.password().orElseThrow();
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return request;
    }

    private List<String> catalogNames() {
        return TrinoCatalogs.definitions(context.endpoint("catalog", "iceberg"), context.endpoint("storage", "s3"), metastore,
                config.catalogProperties()).keySet().stream().filter(name -> !failedCatalogs.containsKey(name)).toList();
    }

    /**
     * One line: the first numbered error of a configuration failure, else the innermost cause's message.
     * (A connector's Bootstrap comes from its plugin class loader, so its exception is matched by its text.)
     */
    private static String reason(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String message = String.valueOf(c.getMessage());
            var numbered = message.lines().map(String::strip).filter(line -> line.matches("\\d+\\) .*")).findFirst();
            if (numbered.isPresent()) {
                return numbered.get().replaceFirst("^\\d+\\) (Error: )?", "");
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse(root.getClass().getSimpleName());
    }

    @Override
    public List<Endpoint> endpoints() {
        if (uri == null) {
            return List.of();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("jdbc-url", "jdbc:trino://" + uri.getHost() + ":" + uri.getPort());
        properties.put("user", USER);
        if (https != null) {
            // the JDBC driver's own property names: SSL=true, SSLTrustStorePath, password
            properties.put("ssl", "true");
            properties.put("ssl-truststore-path", https.certificate().toString());
            properties.put("password", config.password().orElseThrow());
        }
        properties.put("catalogs", String.join(",", catalogNames()));
        if (branchCatalogs != null) {
            properties.put("branch-catalogs", BranchCatalogs.PREFIX + "<branch>");
        }
        if (!failedCatalogs.isEmpty()) {
            properties.put("failed-catalogs", String.join(",", failedCatalogs.keySet()));
        }
        return List.of(
                new Endpoint("http", "Trino HTTP (client protocol, JDBC)", uri, properties),
                new Endpoint("ui", "Trino web UI", URI.create(uri + "/ui/")));
    }

    @Override
    public Health health() {
        return trino != null ? Health.up() : Health.down("the coordinator is not running");
    }

    @Override
    public <T> java.util.Optional<T> unwrap(Class<T> type) {
        if (type == BranchListener.class && branchCatalogs != null) {
            return java.util.Optional.of(type.cast(branchCatalogs));
        }
        if (type == dev.lakehouse.spi.MetricsSource.class && trino != null) {
            return java.util.Optional.of(type.cast(new TrinoMetrics(trino.dispatchManager())));
        }
        return java.util.Optional.empty();
    }

    @Override
    public void close() {
        if (branchCatalogs != null) {
            branchCatalogs.close();
            branchCatalogs = null;
        }
        if (trino != null) {
            trino.close();
            trino = null;
        }
    }
}
