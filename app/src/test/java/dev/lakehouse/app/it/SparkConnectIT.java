package dev.lakehouse.app.it;

import dev.lakehouse.app.it.connect.SparkConnectClientMain;
import dev.lakehouse.runtime.Lakehouse;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A table written by the lakehouse's Spark, read back by the Spark Connect JVM client in its own process. */
@InProcessStack
class SparkConnectIT {
    @Test
    void theConnectClientReadsAnIcebergTable(Lakehouse lakehouse) throws Exception {
        lakehouse.spark().sql("CREATE NAMESPACE IF NOT EXISTS connect_check");
        lakehouse.spark().sql("CREATE OR REPLACE TABLE connect_check.cities (id BIGINT, name STRING) USING iceberg");
        lakehouse.spark().sql("INSERT INTO connect_check.cities VALUES (1, 'Porto'), (2, 'Tartu')");

        List<String> command = new ArrayList<>(List.of(LakehouseProcess.java()));
        // the client's Arrow and Netty need the same opens as the server
        command.addAll(Arrays.stream(System.getProperty("lakehouse.jvm.flags", "").split("\\s+")).filter(s -> !s.isBlank()).toList());
        command.addAll(List.of("-cp", clientClassPath(),
                SparkConnectClientMain.class.getName(), lakehouse.sparkConnectUri().toString(),
                "SELECT id, name FROM lakehouse.connect_check.cities ORDER BY id"));
        Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
        client.getOutputStream().close();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(client.exitValue()).as(output).isZero();
        assertThat(output).contains("client org.apache.spark.sql.connect.SparkSession");
        assertThat(output.lines().filter(line -> line.startsWith("row "))).containsExactly("row 1|Porto", "row 2|Tartu");
    }

    /** What the client jar replaces (it carries Spark's SQL API and Connect protocol classes itself). */
    private static final List<String> SERVER_SIDE = List.of("spark-sql_", "spark-sql-api_", "spark-catalyst_", "spark-core_",
            "spark-connect_", "spark-connect-common_", "spark-pipelines_", "spark-sql-kafka", "iceberg-spark");

    /** The client jar first, then this test's classes and libraries minus Spark's own (the client carries its API). */
    static String clientClassPath() throws Exception {
        Path clientDir = Path.of(System.getProperty("spark.connect.client.dir", "target/spark-connect-client"));
        List<String> entries = new ArrayList<>();
        try (Stream<Path> jars = Files.list(clientDir)) {
            jars.map(Path::toString).forEach(entries::add);
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (SERVER_SIDE.stream().noneMatch(name::startsWith)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
