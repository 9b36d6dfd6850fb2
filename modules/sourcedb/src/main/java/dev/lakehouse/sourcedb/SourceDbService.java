package dev.lakehouse.sourcedb;

import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Health;
import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * H2 in PostgreSQL mode over {@code <data-dir>/sourcedb}: JDBC over TCP for the pipelines, the PostgreSQL
 * wire protocol for psql. The first start creates the database and seeds it (see {@link ShopData}); later
 * starts open it as it is. Every client opens it with the same settings, which H2's PostgreSQL server uses.
 */
final class SourceDbService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(SourceDbService.class);
    static final String FOLDER = "sourcedb";
    /** What H2's PostgreSQL server opens databases with; a JDBC client must use the same, or sees none of the tables. */
    static final String SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    private final SourceDbConfig config;
    private final ServiceContext context;
    private Server tcp;
    private Server pg;

    SourceDbService(SourceDbConfig config, ServiceContext context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public void start() throws Exception {
        Path folder = context.dataDir().resolve(FOLDER);
        Files.createDirectories(folder);
        if (!Files.exists(folder.resolve(config.database() + ".mv.db"))) {
            seed(folder);
        }
        boolean remote = !context.bindAddress().startsWith("127.") && !context.bindAddress().equals("localhost");
        tcp = Server.createTcpServer(options("-tcpPort", config.tcpPort(), "-tcpAllowOthers", remote, folder)).start();
        pg = Server.createPgServer(options("-pgPort", config.pgPort(), "-pgAllowOthers", remote, folder)).start();
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), config.user(), config.password())) {
            connection.createStatement().executeQuery("SELECT count(*) FROM orders").close();
        }
        LOG.info("Source database {} at {} (psql: {})", config.database(), jdbcUrl(), postgresUri());
    }

    private static String[] options(String portOption, int port, String othersOption, boolean remote, Path folder) {
        List<String> options = new ArrayList<>(List.of(portOption, String.valueOf(port), "-baseDir", folder.toString(), "-ifExists"));
        if (remote) {
            options.add(othersOption);
        }
        return options.toArray(String[]::new);
    }

    private void seed(Path folder) throws Exception {
        long begin = System.nanoTime();
        String url = "jdbc:h2:" + folder.resolve(config.database()) + SETTINGS;
        try (Connection connection = DriverManager.getConnection(url, config.user(), config.password())) {
            ShopData.createSchema(connection);
            new ShopData(config.seed(), config.orders()).insert(connection);
        }
        LOG.info("Seeded the source database {} with {} orders in {} ms", config.database(), config.orders(),
                (System.nanoTime() - begin) / 1_000_000);
    }

    private String jdbcUrl() {
        return "jdbc:h2:tcp://" + context.advertisedHost() + ":" + config.tcpPort() + "/" + config.database() + SETTINGS;
    }

    private URI postgresUri() {
        return URI.create("postgresql://" + context.advertisedHost() + ":" + config.pgPort() + "/" + config.database());
    }

    @Override
    public List<Endpoint> endpoints() {
        if (tcp == null) {
            return List.of();
        }
        Map<String, String> credentials = Map.of("user", config.user(), "password", config.password(), "database", config.database());
        return List.of(
                new Endpoint("jdbc", "H2 JDBC over TCP", URI.create(jdbcUrl()), credentials),
                new Endpoint("postgres", "PostgreSQL wire protocol (psql; simple queries)", postgresUri(), credentials));
    }

    @Override
    public Health health() {
        return tcp != null && tcp.isRunning(false) ? Health.up() : Health.down("the H2 TCP server is not running");
    }

    @Override
    public void close() {
        if (pg != null) {
            pg.stop();
            pg = null;
        }
        if (tcp != null) {
            tcp.stop();
            tcp = null;
        }
    }
}
