package dev.lakehouse.sourcedb;

import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Health;
import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import dev.lakehouse.sourcedb.pg.PgCatalog;
import dev.lakehouse.sourcedb.pg.PgFront;
import org.h2.api.ErrorCode;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * H2 in PostgreSQL mode over {@code <data-dir>/sourcedb}: JDBC over TCP for the pipelines, the PostgreSQL
 * wire protocol for psql, psycopg2 and the PostgreSQL JDBC driver. The first start creates the database and seeds it
 * (see {@link ShopData}); later starts open it as it is. Every client opens it with the same settings, which H2's
 * PostgreSQL server uses.
 *
 * <p>H2's PostgreSQL server listens on an internal loopback port; clients reach it through {@link PgFront} on
 * {@code sourcedb.pg-port}, which fixes what H2 gets wrong for those clients (see modules/sourcedb/README.md).
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
    private PgFront front;

    SourceDbService(SourceDbConfig config, ServiceContext context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public void start() throws Exception {
        // H2's servers listen on every address unless told otherwise, and only by this system property (read when H2's
        // SysProperties is first loaded: this module's class loader has not loaded it yet)
        System.setProperty("h2.bindAddress", context.bindAddress());
        Path folder = context.dataDir().resolve(FOLDER);
        Files.createDirectories(folder);
        if (!Files.exists(folder.resolve(config.database() + ".mv.db"))) {
            seed(folder);
        }
        try {
            boolean remote = !context.bindAddress().startsWith("127.") && !context.bindAddress().equals("localhost");
            tcp = Server.createTcpServer(options("-tcpPort", config.tcpPort(), "-tcpAllowOthers", remote, folder)).start();
            try (Connection connection = DriverManager.getConnection(jdbcUrl(), config.user(), config.password())) {
                PgCatalog.install(connection);
                connection.createStatement().executeQuery("SELECT count(*) FROM orders").close();
            }
            // H2's PostgreSQL server on a free port, for the front only (H2 refuses other hosts without -pgAllowOthers)
            pg = Server.createPgServer(options("-pgPort", 0, null, false, folder)).start();
            InetSocketAddress backend = new InetSocketAddress(InetAddress.getLoopbackAddress(), pg.getPort());
            front = new PgFront(context.bindAddress(), config.pgPort(), "sourcedb.pg-port", backend,
                    (user, database, password) -> authenticate(folder, user, database, password)).start();
        } catch (Exception e) {
            close(); // what started so far: a port in use must not leave H2's servers running
            throw e;
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

    /**
     * Checks a PostgreSQL client's credentials as H2 will, so that a refusal is an answer PostgreSQL would give
     * rather than H2's dropped connection.
     */
    private PgFront.Refusal authenticate(Path folder, String user, String database, String password) {
        if (!database.matches("[A-Za-z0-9_]+") || !Files.exists(folder.resolve(database + ".mv.db"))) {
            return new PgFront.Refusal("3D000", "database \"" + database + "\" does not exist");
        }
        String url = "jdbc:h2:" + folder.resolve(database) + SETTINGS + ";IFEXISTS=TRUE";
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return null;
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.WRONG_USER_OR_PASSWORD) {
                return new PgFront.Refusal("28P01", "password authentication failed for user \"" + user + "\"");
            }
            return new PgFront.Refusal("08006", e.getMessage());
        }
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
                new Endpoint("postgres", "PostgreSQL wire protocol (psql, psycopg2, PostgreSQL JDBC)", postgresUri(), credentials));
    }

    @Override
    public Health health() {
        return tcp != null && tcp.isRunning(false) ? Health.up() : Health.down("the H2 TCP server is not running");
    }

    @Override
    public void close() {
        if (front != null) {
            front.close();
            front = null;
        }
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
