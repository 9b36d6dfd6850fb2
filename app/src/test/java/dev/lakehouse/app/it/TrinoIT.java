package dev.lakehouse.app.it;

import dev.lakehouse.runtime.Lakehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Trino through its JDBC driver and its own CLI, on the same Iceberg tables as Spark. */
@InProcessStack
class TrinoIT {
    private static Lakehouse lakehouse;
    private static String jdbcUrl;

    @BeforeAll
    static void connect(Lakehouse running) {
        lakehouse = running;
        jdbcUrl = lakehouse.endpoint("trino", "http").property("jdbc-url");
    }

    @Test
    void selectOneAndTpchOnTheTinySchema() throws Exception {
        assertThat(query("SELECT 1")).containsExactly("1");
        assertThat(query("SELECT count(*) FROM tpch.tiny.lineitem")).containsExactly("60175");
        assertThat(query("""
                SELECT r.name, count(*) AS nations
                FROM tpch.tiny.nation n JOIN tpch.tiny.region r ON n.regionkey = r.regionkey
                GROUP BY r.name ORDER BY r.name"""))
                .containsExactly("AFRICA|5", "AMERICA|5", "ASIA|5", "EUROPE|5", "MIDDLE EAST|5");
    }

    @Test
    void ctasOfTpchTablesIntoIceberg() throws Exception {
        String schema = "tpch_copy_" + UUID.randomUUID().toString().substring(0, 8);
        execute("CREATE SCHEMA iceberg." + schema);
        for (String table : List.of("nation", "region", "customer")) {
            execute("CREATE TABLE iceberg." + schema + "." + table + " AS SELECT * FROM tpch.tiny." + table);
        }
        assertThat(query("SELECT count(*) FROM iceberg." + schema + ".customer")).containsExactly("1500");
        assertThat(query("SELECT count(*) FROM iceberg." + schema + ".nation n JOIN iceberg." + schema
                + ".region r ON n.regionkey = r.regionkey WHERE r.name = 'EUROPE'")).containsExactly("5");
    }

    @Test
    void aTableSparkWroteIsReadByTrinoWithTheSameRowsAndSnapshot() throws Exception {
        SparkSession spark = lakehouse.spark();
        String db = "from_spark_" + UUID.randomUUID().toString().substring(0, 8);
        spark.sql("CREATE NAMESPACE " + db);
        spark.sql("CREATE TABLE " + db + ".cities (id BIGINT, name STRING) USING iceberg");
        spark.sql("INSERT INTO " + db + ".cities VALUES (1, 'Lyon'), (2, 'Gent'), (3, 'Turku')");
        long sparkSnapshot = spark.sql("SELECT snapshot_id FROM " + db + ".cities.snapshots ORDER BY committed_at DESC LIMIT 1")
                .collectAsList().getFirst().getLong(0);

        assertThat(query("SELECT id, name FROM iceberg." + db + ".cities ORDER BY id")).containsExactly("1|Lyon", "2|Gent", "3|Turku");
        assertThat(query("SELECT snapshot_id FROM iceberg." + db + ".\"cities$snapshots\" ORDER BY committed_at DESC LIMIT 1"))
                .containsExactly(String.valueOf(sparkSnapshot));
    }

    @Test
    void aTableTrinoWroteIsReadBySpark() throws Exception {
        String schema = "from_trino_" + UUID.randomUUID().toString().substring(0, 8);
        execute("CREATE SCHEMA iceberg." + schema);
        execute("CREATE TABLE iceberg." + schema + ".scores (player VARCHAR, score BIGINT)");
        execute("INSERT INTO iceberg." + schema + ".scores VALUES ('ana', 7), ('bo', 9)");

        assertThat(lakehouse.spark().sql("SELECT player, score FROM " + schema + ".scores ORDER BY player").collectAsList())
                .extracting(Row::toString).containsExactly("[ana,7]", "[bo,9]");
    }

    @Test
    void aBadQueryIsAnErrorForTheClientAndTheServerStaysUp() throws Exception {
        assertThatThrownBy(() -> query("SELECT no_such_column FROM tpch.tiny.nation"))
                .isInstanceOf(SQLException.class).hasMessageContaining("no_such_column");
        assertThatThrownBy(() -> query("SELEC 1")).isInstanceOf(SQLException.class).hasMessageContaining("mismatched input");
        assertThat(query("SELECT count(*) FROM tpch.tiny.region")).containsExactly("5");
        assertThat(lakehouse.isReady()).isTrue();
    }

    @Test
    void trinosOwnCliRunsQueries() throws Exception {
        Path cli = Path.of(System.getProperty("trino.cli.jar", "target/trino-cli/trino-cli.jar"));
        Process process = new ProcessBuilder(LakehouseProcess.java(), "-jar", cli.toString(),
                "--server", lakehouse.endpoint("trino", "http").uri().toString(), "--user", "cli-test",
                "--output-format", "CSV_UNQUOTED",
                "--execute", "SELECT name FROM tpch.tiny.region ORDER BY name LIMIT 2; SELECT count(*) FROM tpch.tiny.orders")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines().toList()).containsExactly("AFRICA", "AMERICA", "15000");
    }

    static List<String> query(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
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

    static void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        return DriverManager.getConnection(jdbcUrl, properties);
    }
}
