package dev.lakehouse.app.it;

import dev.lakehouse.runtime.Lakehouse;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.BaseView;
import org.apache.iceberg.view.View;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the engines see of the catalog's multi-table commits and views: Iceberg's RESTCatalog commits to two
 * tables at once (or fails to) and registers and renames a view, then Spark and Trino read the result through the
 * same REST catalog, in the lakehouse of this test JVM.
 */
@InProcessStack
class CatalogEnginesIT {
    private static Lakehouse lakehouse;
    private static SparkSession spark;
    private static RESTCatalog main;

    @BeforeAll
    static void connect(Lakehouse running) {
        lakehouse = running;
        spark = lakehouse.spark();
        main = new RESTCatalog();
        main.initialize("engines-it", Map.of(
                "uri", lakehouse.icebergRestUri().toString(),
                "warehouse", "main",
                "s3.access-key-id", lakehouse.s3AccessKey(),
                "s3.secret-access-key", lakehouse.s3SecretKey()));
    }

    @AfterAll
    static void disconnect() throws Exception {
        main.close();
    }

    @Test
    void aMultiTableCommitLandsInBothTablesOrInNeitherAsSparkAndTrinoSeeIt() throws Exception {
        String db = "multi_" + UUID.randomUUID().toString().substring(0, 8);
        spark.sql("CREATE NAMESPACE " + db);
        // real Parquet files, written by Spark into two loading tables: the commits below add them to the targets
        for (String table : List.of("orders", "items", "orders_load", "items_load")) {
            spark.sql("CREATE TABLE " + db + "." + table + " (id BIGINT, what STRING) USING iceberg");
        }
        spark.sql("INSERT INTO " + db + ".orders_load VALUES (1, 'order 1'), (2, 'order 2')");
        spark.sql("INSERT INTO " + db + ".items_load VALUES (10, 'item 10'), (11, 'item 11'), (12, 'item 12')");
        TableIdentifier orders = TableIdentifier.of(db, "orders");
        TableIdentifier items = TableIdentifier.of(db, "items");

        Transaction onOrders = main.loadTable(orders).newTransaction();
        Transaction onItems = main.loadTable(items).newTransaction();
        appendFilesOf(TableIdentifier.of(db, "orders_load"), onOrders);
        appendFilesOf(TableIdentifier.of(db, "items_load"), onItems);
        main.commitTransaction(TableCommits.of(orders, onOrders), TableCommits.of(items, onItems));

        List<String> both = List.of("2|3");
        assertThat(sparkCounts(db)).as("Spark").isEqualTo(both);
        assertThat(trino("SELECT (SELECT count(*) FROM iceberg." + db + ".orders), (SELECT count(*) FROM iceberg." + db + ".items)"))
                .as("Trino").isEqualTo(both);

        // a second pair of appends, begun before Trino writes to items: items' part is stale, so neither lands
        Transaction staleOrders = main.loadTable(orders).newTransaction();
        Transaction staleItems = main.loadTable(items).newTransaction();
        appendFilesOf(TableIdentifier.of(db, "orders_load"), staleOrders);
        appendFilesOf(TableIdentifier.of(db, "items_load"), staleItems);
        trinoExecute("INSERT INTO iceberg." + db + ".items VALUES (13, 'item 13 from Trino')");
        assertThatThrownBy(() -> main.commitTransaction(TableCommits.of(orders, staleOrders), TableCommits.of(items, staleItems)))
                .isInstanceOf(CommitFailedException.class);

        List<String> onlyTrinosInsert = List.of("2|4");
        assertThat(sparkCounts(db)).as("Spark: orders unchanged too").isEqualTo(onlyTrinosInsert);
        assertThat(trino("SELECT (SELECT count(*) FROM iceberg." + db + ".orders), (SELECT count(*) FROM iceberg." + db + ".items)"))
                .as("Trino: orders unchanged too").isEqualTo(onlyTrinosInsert);
    }

    @Test
    void aViewRegisteredAndRenamedIntoAnotherNamespaceIsReadByTrino() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Namespace first = Namespace.of("views_from_" + suffix);
        Namespace second = Namespace.of("views_to_" + suffix);
        main.createNamespace(first);
        main.createNamespace(second);
        trinoExecute("CREATE TABLE iceberg." + first + ".cities AS SELECT * FROM (VALUES (1, 'Lyon'), (2, 'Gent'), (3, 'Turku')) AS t(id, name)");

        // a view written by another catalog: its metadata file exists, the catalog does not know it yet
        TableIdentifier written = TableIdentifier.of(first, "written");
        View view = main.buildView(written)
                .withSchema(new Schema(Types.NestedField.optional(1, "name", Types.StringType.get())))
                .withDefaultNamespace(first)
                .withQuery("trino", "SELECT name FROM iceberg." + first + ".cities WHERE id > 1")
                .create();
        String metadata = ((BaseView) view).operations().current().metadataFileLocation();
        main.dropView(written);

        TableIdentifier registered = TableIdentifier.of(first, "registered");
        main.registerView(registered, metadata);
        assertThat(trino("SELECT name FROM iceberg." + first + ".registered ORDER BY name")).containsExactly("Gent", "Turku");

        TableIdentifier moved = TableIdentifier.of(second, "moved");
        main.renameView(registered, moved);
        assertThat(trino("SELECT name FROM iceberg." + second + ".moved ORDER BY name")).containsExactly("Gent", "Turku");
        assertThat(trino("SHOW TABLES FROM iceberg." + first)).containsExactly("cities");
        assertThatThrownBy(() -> trino("SELECT * FROM iceberg." + first + ".registered")).hasMessageContaining("does not exist");
    }

    /** Adds the data files of the source table's current snapshot to the transaction's table. */
    private static void appendFilesOf(TableIdentifier source, Transaction transaction) {
        Table table = main.loadTable(source);
        var append = transaction.newAppend();
        StreamSupport.stream(table.currentSnapshot().addedDataFiles(table.io()).spliterator(), false)
                .map(DataFile.class::cast).forEach(append::appendFile);
        append.commit();
    }

    private static List<String> sparkCounts(String db) {
        var row = spark.sql("SELECT (SELECT count(*) FROM " + db + ".orders), (SELECT count(*) FROM " + db + ".items)")
                .collectAsList().getFirst();
        return List.of(row.getLong(0) + "|" + row.getLong(1));
    }

    private static List<String> trino(String sql) throws SQLException {
        try (Connection connection = trinoConnection(); Statement statement = connection.createStatement();
             ResultSet results = statement.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int columns = results.getMetaData().getColumnCount();
            while (results.next()) {
                List<String> values = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    values.add(results.getString(c));
                }
                rows.add(String.join("|", values));
            }
            return rows;
        }
    }

    private static void trinoExecute(String sql) throws SQLException {
        try (Connection connection = trinoConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection trinoConnection() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        return DriverManager.getConnection(lakehouse.trinoJdbcUrl(), properties);
    }
}
