package dev.lakehouse.app.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delta Lake in the lakehouse's Spark, beside Iceberg, driven through Spark Connect by Spark's own client: a Delta
 * table on the object store (s3a://warehouse/...) created, written, merged, updated, deleted from, travelled in time,
 * optimized and vacuumed; MERGE, UPDATE and DELETE on an Iceberg table of the lakehouse catalog with Delta's extension
 * loaded; a Delta write over an Iceberg table's files refused; the table's Iceberg mirror (delta-mirror), read by
 * Spark's Iceberg reader and, after a restart, by Trino.
 * <p>
 * spark_catalog is on the Hive Metastore (the stack runs one): after the restart the Delta table and a Parquet table
 * Spark made are still there by name, and Trino's hive catalog reads the Parquet one.
 */
class DeltaLakeIT {
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final String LOCATION = "s3a://warehouse/delta-it/cities";
    private static final String CITIES = "spark_catalog.default.cities";
    private static final String MIRROR = "delta_it.cities";
    private static final String VISITS = "spark_catalog.default.visits";

    @Test
    void deltaTablesOnTheObjectStoreBesideIcebergSurviveARestart(@TempDir Path dataDir) throws Exception {
        String version1Time;
        String icebergLocation;
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, "--services", "spark,metastore", "--ports", "random").awaitReady(BOOT)) {
            URI connect = lakehouse.endpoint("spark", "connect");
            List<List<String>> answers = ConnectStatements.run(connect,
                    // a table over Parquet files, in spark_catalog on the metastore: Trino's hive catalog reads it below
                    "CREATE TABLE " + VISITS + " (day DATE, visits BIGINT) USING parquet LOCATION 's3a://warehouse/delta-it/visits'",
                    "INSERT INTO " + VISITS + " VALUES (DATE '2026-11-30', 12), (DATE '2026-12-01', 30)",
                    "CREATE TABLE " + CITIES + " (id BIGINT, name STRING, population BIGINT) USING delta LOCATION '" + LOCATION + "'",
                    "INSERT INTO " + CITIES + " VALUES (1, 'Porto', 232000), (2, 'Tartu', 97000), (3, 'Lund', 94000)",
                    "MERGE INTO " + CITIES + " t USING (SELECT * FROM VALUES (2, 'Tartu', 98000), (4, 'Ghent', 265000) AS s(id, name, population)) s "
                            + "ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
                    "UPDATE " + CITIES + " SET population = population + 1000 WHERE name = 'Lund'",
                    "DELETE FROM " + CITIES + " WHERE id = 1",
                    "SELECT id, name, population FROM " + CITIES + " ORDER BY id",
                    "DESCRIBE HISTORY " + CITIES,
                    "SELECT id FROM " + CITIES + " VERSION AS OF 1 ORDER BY id");
            answers = answers.subList(2, answers.size());
            assertThat(answers.get(5)).containsExactly("2|Tartu|98000", "3|Lund|95000", "4|Ghent|265000");
            // DESCRIBE HISTORY: version|timestamp|userId|userName|operation|..., newest first
            List<String[]> history = answers.get(6).stream().map(row -> row.split("\\|")).toList();
            assertThat(history).extracting(row -> row[0] + " " + row[4])
                    .containsExactly("4 DELETE", "3 UPDATE", "2 MERGE", "1 WRITE", "0 CREATE TABLE");
            assertThat(answers.get(7)).containsExactly("1", "2", "3");
            version1Time = history.get(3)[1];
            assertThat(Files.isDirectory(dataDir.resolve("s3/warehouse/delta-it/cities/_delta_log"))).as("the log is on the object store").isTrue();

            // time travel by timestamp, then OPTIMIZE and VACUUM (retention 0 to see files go: nothing else reads the table)
            answers = ConnectStatements.run(connect,
                    "SELECT id FROM " + CITIES + " TIMESTAMP AS OF '" + version1Time + "' ORDER BY id",
                    // one more file, so that OPTIMIZE has files to compact whatever the row-level commands left
                    "INSERT INTO " + CITIES + " VALUES (6, 'Oulu', 215000)",
                    "SELECT count(*) FROM (SELECT DISTINCT input_file_name() FROM " + CITIES + ")",
                    "OPTIMIZE " + CITIES,
                    "SELECT count(*) FROM (SELECT DISTINCT input_file_name() FROM " + CITIES + ")",
                    "SET spark.databricks.delta.retentionDurationCheck.enabled = false",
                    "VACUUM " + CITIES + " RETAIN 0 HOURS",
                    "SELECT count(*), sum(population) FROM " + CITIES,
                    "!SELECT id FROM " + CITIES + " VERSION AS OF 1");
            assertThat(answers.get(0)).containsExactly("1", "2", "3");
            assertThat(Long.parseLong(answers.get(2).getFirst())).isGreaterThan(1);
            assertThat(answers.get(3)).singleElement().asString().contains("s3a://warehouse/delta-it/cities");
            assertThat(answers.get(4)).containsExactly("1");
            assertThat(answers.get(7)).containsExactly("4|673000");
            assertThat(answers.get(8)).as("VACUUM removed the files of version 1").singleElement().asString().startsWith("error ");

            // the Iceberg mirror (Trino's route to Delta): the files of the newest version, read here by Spark's Iceberg reader
            LakehouseProcess.Result mirrored = mirror(dataDir, LOCATION, MIRROR);
            assertThat(mirrored.exitCode()).as(mirrored.stdout() + mirrored.stderr()).isZero();
            assertThat(mirrored.stdout()).contains(MIRROR + " mirrors Delta version 6 (+1 / -0 files)");
            assertThat(mirror(dataDir, LOCATION, MIRROR).stdout()).contains(MIRROR + " already mirrors Delta version 6");
            answers = ConnectStatements.run(connect,
                    "SELECT id, name, population FROM lakehouse." + MIRROR + " ORDER BY id",
                    "SELECT id, name, population FROM " + CITIES + " ORDER BY id",
                    // deletion vectors: rows deleted without rewriting their file, which the mirror refuses to hide
                    "CREATE TABLE spark_catalog.default.marked (id INT) USING delta LOCATION 's3a://warehouse/delta-it/marked' "
                            + "TBLPROPERTIES ('delta.enableDeletionVectors' = true)",
                    "INSERT INTO spark_catalog.default.marked SELECT id FROM range(10)",
                    "DELETE FROM spark_catalog.default.marked WHERE id = 3");
            assertThat(answers.get(0)).hasSize(4).containsExactlyElementsOf(answers.get(1));
            LakehouseProcess.Result withDeletionVectors = mirror(dataDir, "s3a://warehouse/delta-it/marked", "delta_it.marked");
            assertThat(withDeletionVectors.exitCode()).isNotZero();
            assertThat(withDeletionVectors.errorLines()).singleElement().asString().contains("has deletion vectors").contains("REORG TABLE");
            LakehouseProcess.Result noTable = mirror(dataDir, "s3a://warehouse/delta-it/no-such-table", "delta_it.nothing");
            assertThat(noTable.exitCode()).isNotZero();
            assertThat(noTable.errorLines()).singleElement().asString().contains("no Delta table at s3a://warehouse/delta-it/no-such-table");

            // Iceberg beside it: row-level commands on a table of the lakehouse catalog with Delta's extension loaded
            answers = ConnectStatements.run(connect,
                    "CREATE NAMESPACE IF NOT EXISTS lakehouse.delta_it",
                    "CREATE TABLE lakehouse.delta_it.stock (sku STRING, units INT) USING iceberg",
                    "INSERT INTO lakehouse.delta_it.stock VALUES ('a', 1), ('b', 2), ('c', 3)",
                    "MERGE INTO lakehouse.delta_it.stock t USING (SELECT * FROM VALUES ('b', 20), ('d', 4) AS s(sku, units)) s ON t.sku = s.sku "
                            + "WHEN MATCHED THEN UPDATE SET units = s.units WHEN NOT MATCHED THEN INSERT *",
                    "UPDATE lakehouse.delta_it.stock SET units = units * 10 WHERE sku = 'c'",
                    "DELETE FROM lakehouse.delta_it.stock WHERE sku = 'a'",
                    "SELECT sku, units FROM lakehouse.delta_it.stock ORDER BY sku",
                    "SELECT operation FROM lakehouse.delta_it.stock.snapshots ORDER BY committed_at",
                    "DESCRIBE TABLE EXTENDED lakehouse.delta_it.stock");
            assertThat(answers.get(6)).containsExactly("b|20", "c|30", "d|4");
            assertThat(answers.get(7)).as("Iceberg committed them, not Delta").containsExactly("append", "overwrite", "overwrite", "delete");
            icebergLocation = answers.get(8).stream().filter(row -> row.startsWith("Location|")).findFirst().orElseThrow().split("\\|")[1];
            assertThat(icebergLocation).startsWith("s3://warehouse/delta_it/stock");

            // bad input: Delta writes over the Iceberg table's files are refused, and the Iceberg table is as it was
            String overIceberg = "s3a" + icebergLocation.substring("s3".length());
            answers = ConnectStatements.run(connect,
                    "!CREATE TABLE spark_catalog.default.clash (sku STRING, units INT) USING delta LOCATION '" + overIceberg + "'",
                    "!CREATE TABLE spark_catalog.default.clash USING delta LOCATION '" + overIceberg + "' AS SELECT 'x' AS sku, 9 AS units",
                    "!INSERT INTO spark_catalog.delta.`" + overIceberg + "` VALUES ('x', 9)",
                    "SELECT sku, units FROM lakehouse.delta_it.stock ORDER BY sku",
                    "SELECT count(*) FROM lakehouse.delta_it.stock.snapshots");
            // Spark Connect's client does not know Delta's error classes: it says INTERNAL_ERROR around the class's name
            // (lakehouse sql, through the control API, prints Delta's own sentence)
            assertThat(answers.get(0)).singleElement().asString().contains("DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION");
            assertThat(answers.get(1)).singleElement().asString().contains("DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION");
            // no Delta log at the path: Delta refuses to write there
            assertThat(answers.get(2)).singleElement().asString().startsWith("error ");
            assertThat(answers.get(3)).containsExactly("b|20", "c|30", "d|4");
            assertThat(answers.get(4)).containsExactly("4");
            Path icebergFiles = dataDir.resolve("s3/warehouse").resolve(icebergLocation.substring("s3://warehouse/".length()));
            assertThat(icebergFiles.resolve("metadata")).isDirectory();
            assertThat(icebergFiles.resolve("_delta_log")).as("no Delta log over the Iceberg table").doesNotExist();
            // nor does a mirror take the Iceberg table's name
            LakehouseProcess.Result overTable = mirror(dataDir, LOCATION, "delta_it.stock");
            assertThat(overTable.exitCode()).isNotZero();
            assertThat(overTable.errorLines()).singleElement().asString().contains("delta_it.stock already exists and is not a mirror of " + LOCATION);
            assertThat(ConnectStatements.run(connect, "SELECT count(*) FROM lakehouse.delta_it.stock.snapshots").getFirst()).containsExactly("4");
        }

        // a restart: spark_catalog is on the metastore, so both names are still there, the tables with their history
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, "--services", "spark,trino,metastore", "--ports", "random").awaitReady(BOOT)) {
            List<List<String>> answers = ConnectStatements.run(lakehouse.endpoint("spark", "connect"),
                    "SHOW TABLES IN spark_catalog.default",
                    "SELECT id, name, population FROM spark_catalog.delta.`" + LOCATION + "` ORDER BY id",
                    "SELECT count(*) FROM " + CITIES,
                    "DESCRIBE HISTORY " + CITIES,
                    "INSERT INTO " + CITIES + " VALUES (5, 'Bergen', 291000)",
                    "SELECT count(*) FROM spark_catalog.delta.`" + LOCATION + "`",
                    "SELECT sku, units FROM lakehouse.delta_it.stock ORDER BY sku");
            // and the refused CREATEs over the Iceberg table's files left no name behind
            assertThat(answers.get(0)).containsExactlyInAnyOrder("default|cities|false", "default|visits|false", "default|marked|false");
            assertThat(answers.get(2)).containsExactly("4");
            assertThat(answers.get(1)).containsExactly("2|Tartu|98000", "3|Lund|95000", "4|Ghent|265000", "6|Oulu|215000");
            // VACUUM left no entry in the history here (Delta logs VACUUM START/END only where vacuum logging is on)
            assertThat(answers.get(3)).extracting(row -> row.split("\\|")[4])
                    .containsExactly("OPTIMIZE", "WRITE", "DELETE", "UPDATE", "MERGE", "WRITE", "CREATE TABLE");
            assertThat(answers.get(5)).containsExactly("5");
            assertThat(answers.get(6)).containsExactly("b|20", "c|30", "d|4");

            // the mirror kept its version across the restart; brought to the new one, Trino reads what Spark reads
            LakehouseProcess.Result mirrored = mirror(dataDir, LOCATION, MIRROR);
            assertThat(mirrored.exitCode()).as(mirrored.stdout() + mirrored.stderr()).isZero();
            assertThat(mirrored.stdout()).contains(MIRROR + " mirrors Delta version 7 (+1 / -0 files)");
            List<String> spark = ConnectStatements.run(lakehouse.endpoint("spark", "connect"),
                    "SELECT id, name, population FROM " + CITIES + " ORDER BY id").getFirst();
            assertThat(spark).hasSize(5);
            Properties user = new Properties();
            user.setProperty("user", "test");
            try (Connection trino = DriverManager.getConnection(lakehouse.endpointProperty("trino", "http", "jdbc-url"), user);
                 Statement hive = trino.createStatement();
                 ResultSet visits = hive.executeQuery("SELECT day, visits FROM hive.default.visits ORDER BY day")) {
                List<String> read = new ArrayList<>();
                while (visits.next()) {
                    read.add(visits.getString(1) + "|" + visits.getLong(2));
                }
                assertThat(read).as("Spark's Parquet table, read by Trino's hive catalog").containsExactly("2026-11-30|12", "2026-12-01|30");
            }
            try (Connection trino = DriverManager.getConnection(lakehouse.endpointProperty("trino", "http", "jdbc-url"), user);
                 Statement statement = trino.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id, name, population FROM iceberg." + MIRROR + " ORDER BY id")) {
                List<String> read = new ArrayList<>();
                while (rows.next()) {
                    read.add(rows.getLong(1) + "|" + rows.getString(2) + "|" + rows.getLong(3));
                }
                assertThat(read).as("Trino through the Iceberg mirror").containsExactlyElementsOf(spark);
                // dropping the mirror (a purge) deletes the mirror's metadata, not the Delta table's files
                statement.execute("DROP TABLE iceberg." + MIRROR);
            }
            assertThat(ConnectStatements.run(lakehouse.endpoint("spark", "connect"), "SELECT id, name, population FROM " + CITIES + " ORDER BY id")
                    .getFirst()).as("the Delta table after its mirror was dropped").containsExactlyElementsOf(spark);
            assertThat(mirror(dataDir, LOCATION, MIRROR).stdout()).contains(MIRROR + " mirrors Delta version 7 (+2 / -0 files)");
        }
    }

    private static LakehouseProcess.Result mirror(Path dataDir, String location, String table) throws Exception {
        return LakehouseProcess.run(dataDir, Duration.ofMinutes(3), "pipeline", "run", "delta-mirror",
                "--option", "location=" + location, "--option", "table=" + table);
    }
}
