package dev.lakehouse.app.it;

import dev.lakehouse.runtime.Lakehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Iceberg through the REST catalog with Spark SQL: DML, time travel, schema evolution, files on disk. */
@InProcessStack
class SparkSqlIT {
    private static Lakehouse lakehouse;
    private static SparkSession spark;

    @BeforeAll
    static void start(Lakehouse running) {
        lakehouse = running;
        spark = lakehouse.spark();
    }

    @Test
    void theDefaultCatalogIsTheLakehouse() {
        assertThat(spark.conf().get("spark.sql.defaultCatalog")).isEqualTo("lakehouse");
        String db = database("catalogs");
        spark.sql("CREATE TABLE " + db + ".t (id BIGINT) USING iceberg");
        assertThat(rows("SHOW TABLES IN lakehouse." + db)).extracting(r -> r.getString(1)).containsExactly("t");
    }

    @Test
    void createInsertMergeUpdateDelete() {
        String db = database("dml");
        spark.sql("CREATE TABLE " + db + ".customers (id BIGINT, name STRING, country STRING) USING iceberg");
        spark.sql("INSERT INTO " + db + ".customers VALUES (1, 'Ada', 'UK'), (2, 'Grace', 'US'), (3, 'Linus', 'FI')");

        spark.sql("CREATE TEMPORARY VIEW changes AS SELECT * FROM VALUES (2, 'Grace H.', 'US'), (4, 'Barbara', 'US') AS t(id, name, country)");
        spark.sql("MERGE INTO " + db + ".customers c USING changes u ON c.id = u.id "
                + "WHEN MATCHED THEN UPDATE SET name = u.name WHEN NOT MATCHED THEN INSERT *");
        spark.sql("UPDATE " + db + ".customers SET country = 'SE' WHERE id = 3");
        spark.sql("DELETE FROM " + db + ".customers WHERE id = 1");

        assertThat(rows("SELECT id, name, country FROM " + db + ".customers ORDER BY id"))
                .extracting(Row::toString)
                .containsExactly("[2,Grace H.,US]", "[3,Linus,SE]", "[4,Barbara,US]");
    }

    @Test
    void timeTravelByVersionAndTimestamp() throws Exception {
        String db = database("travel");
        spark.sql("CREATE TABLE " + db + ".events (id BIGINT) USING iceberg");
        spark.sql("INSERT INTO " + db + ".events VALUES (1), (2)");
        List<Row> snapshots = rows("SELECT snapshot_id, committed_at FROM " + db + ".events.snapshots ORDER BY committed_at");
        long first = snapshots.getFirst().getLong(0);
        Thread.sleep(1100);
        String between = rows("SELECT date_format(current_timestamp(), 'yyyy-MM-dd HH:mm:ss.SSS')").getFirst().getString(0);
        Thread.sleep(1100);
        spark.sql("INSERT INTO " + db + ".events VALUES (3)");

        assertThat(rows("SELECT count(*) FROM " + db + ".events").getFirst().getLong(0)).isEqualTo(3);
        assertThat(rows("SELECT count(*) FROM " + db + ".events VERSION AS OF " + first).getFirst().getLong(0)).isEqualTo(2);
        assertThat(rows("SELECT count(*) FROM " + db + ".events TIMESTAMP AS OF '" + between + "'").getFirst().getLong(0)).isEqualTo(2);
    }

    @Test
    void schemaEvolutionAddsAndRenamesColumns() {
        String db = database("schema");
        spark.sql("CREATE TABLE " + db + ".products (id BIGINT, title STRING) USING iceberg");
        spark.sql("INSERT INTO " + db + ".products VALUES (1, 'lamp')");
        spark.sql("ALTER TABLE " + db + ".products ADD COLUMN price DECIMAL(10,2)");
        spark.sql("ALTER TABLE " + db + ".products RENAME COLUMN title TO name");
        spark.sql("INSERT INTO " + db + ".products VALUES (2, 'desk', 199.90)");

        assertThat(rows("SELECT id, name, price FROM " + db + ".products ORDER BY id")).extracting(Row::toString)
                .containsExactly("[1,lamp,null]", "[2,desk,199.90]");
        assertThatThrownBy(() -> spark.sql("SELECT title FROM " + db + ".products").collectAsList())
                .hasMessageContaining("title");
    }

    @Test
    void dataFilesArePlainParquetFilesUnderTheWarehouseFolder() throws Exception {
        String db = database("files");
        spark.sql("CREATE TABLE " + db + ".numbers (n BIGINT) USING iceberg");
        spark.sql("INSERT INTO " + db + ".numbers SELECT id FROM range(1000)");

        List<String> files = rows("SELECT file_path FROM " + db + ".numbers.files").stream().map(r -> r.getString(0)).toList();
        assertThat(files).isNotEmpty().allSatisfy(location -> {
            assertThat(location).startsWith("s3://warehouse/" + db + "/numbers");
            Path file = onDisk(location);
            assertThat(file).isRegularFile();
            assertThat(Files.readAllBytes(file)).startsWith("PAR1".getBytes());
        });
        try (Stream<Path> parquet = Files.find(lakehouse.dataDir().resolve("s3/warehouse/" + db), 5,
                (path, attributes) -> path.toString().endsWith(".parquet"))) {
            assertThat(parquet.count()).isEqualTo(files.size());
        }
    }

    private static List<Row> rows(String sql) {
        return spark.sql(sql).collectAsList();
    }

    private static String database(String name) {
        String db = name + "_" + UUID.randomUUID().toString().substring(0, 8);
        spark.sql("CREATE NAMESPACE " + db);
        return db;
    }

    static Path onDisk(String s3Location) {
        URI uri = URI.create(s3Location);
        return lakehouse.dataDir().resolve("s3").resolve(uri.getHost()).resolve(uri.getPath().substring(1));
    }
}
