package dev.lakehouse.app.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka to Iceberg through the sensors-streaming pipeline, with the real clients: kcat, `lakehouse produce`,
 * `lakehouse pipeline run`, and Trino reading the tables. The stack is stopped in the middle of the stream.
 */
class SensorsStreamingIT {
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final Duration RUN = Duration.ofMinutes(6);

    @Test
    void everyEventLandsInBronzeOnceAcrossARestartAndGoldMatchesBronze(@TempDir Path dataDir) throws Exception {
        String[] stack = {"--services", "catalog,kafka,trino", "--ports", "random"};
        LakehouseProcess pipeline;
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, stack).awaitReady(BOOT)) {
            String kafka = lakehouse.endpointProperty("kafka", "bootstrap", "bootstrap-servers");
            assertThat(kcat("-P", "-b", kafka, "-t", "sensors", input("this is not json"))).isZero();
            LakehouseProcess.Result first = LakehouseProcess.run(dataDir, RUN, "produce", "--topic", "sensors", "--count", "50000", "--seed", "1");
            assertThat(first.exitCode()).as(first.stderr()).isZero();
            assertThat(first.stdout()).contains("Produced 50000 messages to sensors");

            pipeline = LakehouseProcess.start(dataDir, "pipeline", "run", "sensors-streaming");
            awaitRows(lakehouse, "SELECT count(*) FROM iceberg.iot.sensors_bronze", 1);
            LakehouseProcess.Result second = LakehouseProcess.run(dataDir, RUN, "produce", "--topic", "sensors", "--count", "50000", "--seed", "2");
            assertThat(second.exitCode()).as(second.stderr()).isZero();
            awaitRows(lakehouse, "SELECT count(*) FROM iceberg.iot.sensors_bronze", 50_001);
            // the stack goes down under the running stream
        }
        assertThat(pipeline.waitForExit(RUN)).as("the stream ends when the stack is gone").isNotZero();

        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, stack).awaitReady(BOOT)) {
            LakehouseProcess.Result rest = LakehouseProcess.run(dataDir, RUN, "pipeline", "run", "sensors-streaming", "--until-idle");
            assertThat(rest.exitCode()).as(rest.stdout() + rest.stderr()).isZero();

            try (Connection trino = trino(lakehouse)) {
                assertThat(single(trino, "SELECT count(*) FROM iceberg.iot.sensors_bronze")).isEqualTo(100_000);
                assertThat(single(trino, "SELECT count(DISTINCT (kafka_partition, kafka_offset)) FROM iceberg.iot.sensors_bronze"))
                        .as("each Kafka message once").isEqualTo(100_000);
                assertThat(single(trino, "SELECT count(*) FROM iceberg.iot.sensors_quarantine WHERE reason = 'not JSON' "
                        + "AND raw = 'this is not json'")).isEqualTo(1);

                String batch = "SELECT sensor_id, date_trunc('minute', event_time) AS window_start, round(avg(temperature), 6) AS avg_temperature, "
                        + "count(*) AS readings FROM iceberg.iot.sensors_bronze GROUP BY 1, 2";
                String gold = "SELECT sensor_id, window_start, round(avg_temperature, 6), readings FROM iceberg.iot.sensors_gold";
                assertThat(single(trino, "SELECT count(*) FROM iceberg.iot.sensors_gold")).isEqualTo(single(trino, "SELECT count(*) FROM (" + batch + ")"));
                assertThat(single(trino, "SELECT count(*) FROM ((" + batch + ") EXCEPT (" + gold + "))")).as("windows in bronze, not in gold").isZero();
                assertThat(single(trino, "SELECT count(*) FROM ((" + gold + ") EXCEPT (" + batch + "))")).as("windows in gold, not in bronze").isZero();
            }

            String kafka = lakehouse.endpointProperty("kafka", "bootstrap", "bootstrap-servers");
            Process consume = new ProcessBuilder("kcat", "-C", "-b", kafka, "-t", "sensors", "-o", "beginning", "-c", "3", "-e", "-q")
                    .redirectErrorStream(true).start();
            List<String> lines = new String(consume.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(consume.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(lines).hasSize(3).first().asString().isEqualTo("this is not json");
            assertThat(lines.get(1)).startsWith("{\"sensor_id\":\"sensor-").contains("\"seq\":0");
        }
    }

    private static Path input(String text) throws Exception {
        Path file = java.nio.file.Files.createTempFile("kcat-input", ".txt");
        java.nio.file.Files.writeString(file, text + "\n");
        return file;
    }

    private static int kcat(String mode, String flagB, String brokers, String flagT, String topic, Path input) throws Exception {
        Process process = new ProcessBuilder("kcat", mode, flagB, brokers, flagT, topic).redirectInput(input.toFile())
                .redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return process.exitValue();
    }

    private static void awaitRows(LakehouseProcess lakehouse, String sql, long atLeast) throws Exception {
        long deadline = System.nanoTime() + RUN.toNanos();
        List<String> errors = new ArrayList<>();
        try (Connection trino = trino(lakehouse)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (single(trino, sql) >= atLeast) {
                        return;
                    }
                } catch (SQLException notYet) {
                    errors.add(notYet.getMessage());
                }
                Thread.sleep(1000);
            }
        }
        throw new AssertionError("fewer than " + atLeast + " rows after " + RUN + ": " + sql + " " + errors.stream().skip(Math.max(0, errors.size() - 1)).toList());
    }

    private static Connection trino(LakehouseProcess lakehouse) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        return DriverManager.getConnection(lakehouse.endpointProperty("trino", "http", "jdbc-url"), properties);
    }

    private static long single(Connection trino, String sql) throws SQLException {
        try (ResultSet results = trino.createStatement().executeQuery(sql)) {
            results.next();
            return results.getLong(1);
        }
    }
}
