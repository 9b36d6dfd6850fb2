package dev.lakehouse.metastore;

import org.apache.derby.jdbc.EmbeddedDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The metastore's embedded Derby database, {@code <data-dir>/metastore/metastore_db}. It is made under a temporary
 * name and renamed once its schema is complete, so a first start that was interrupted leaves nothing a later start
 * would take for a database.
 */
final class DerbyDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DerbyDatabase.class);
    static final String DRIVER = "org.apache.derby.jdbc.EmbeddedDriver";
    static final String USER = "APP";
    /** Embedded Derby checks no password (no authentication is configured); DataNucleus wants one set. */
    static final String PASSWORD = "lakehouse";
    private static final String NAME = "metastore_db";

    private final Path folder;
    /** Used directly, not through DriverManager, whose registry belongs to whichever class loader asked first. */
    private final EmbeddedDriver driver;

    private DerbyDatabase(Path folder, EmbeddedDriver driver) {
        this.folder = folder;
        this.driver = driver;
    }

    /** Opens the database in {@code parent}, creating it with the metastore schema on the first start. */
    static DerbyDatabase open(Path parent) throws IOException, SQLException {
        // Derby's own log (its boot banner, schema warnings) next to the database, not derby.log in the working directory.
        // A JVM-wide property, read by Derby only.
        System.setProperty("derby.stream.error.file", parent.resolve("derby.log").toString());
        DerbyDatabase database = new DerbyDatabase(parent.resolve(NAME), new EmbeddedDriver());
        if (!Files.isDirectory(database.folder)) {
            database.create();
        }
        return database;
    }

    private void create() throws IOException, SQLException {
        long started = System.nanoTime();
        Path creating = folder.resolveSibling(NAME + ".creating");
        deleteRecursively(creating);
        String url = "jdbc:derby:;databaseName=" + creating;
        try (Connection connection = connect(url + ";create=true")) {
            DerbySchema.create(connection);
        } finally {
            shutdown(url);
        }
        Files.move(creating, folder, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Created the metastore database {} (Hive's Derby schema {}) in {} ms", folder, DerbySchema.SCRIPT,
                (System.nanoTime() - started) / 1_000_000);
    }

    Path folder() {
        return folder;
    }

    /** The JDBC URL HMS opens (DataNucleus loads the driver by its class name). */
    String url() {
        return "jdbc:derby:;databaseName=" + folder;
    }

    private Connection connect(String url) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", USER);
        credentials.setProperty("password", PASSWORD);
        return driver.connect(url, credentials);
    }

    /** Closes the database's files, so that the next start (or another process) opens a cleanly closed database. */
    private void shutdown(String url) {
        try {
            connect(url + ";shutdown=true").close();
        } catch (SQLException e) {
            // Derby reports a clean shutdown of one database as SQLState 08006
            if (!"08006".equals(e.getSQLState())) {
                LOG.warn("metastore: closing the Derby database {} failed: {}", url, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        shutdown(url());
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
