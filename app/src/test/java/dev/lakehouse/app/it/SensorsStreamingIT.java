package dev.lakehouse.app.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        String[] stack = {"--services", "catalog,kafka,trino,spark", "--ports", "random"};
        LakehouseProcess pipeline;
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, stack).awaitReady(BOOT)) {
            String kafka = lakehouse.endpointProperty("kafka", "bootstrap", "bootstrap-servers");
            assertThat(kcat("-P", "-b", kafka, "-t", "sensors", input("this is not json"))).isZero();
            LakehouseProcess.Result first = LakehouseProcess.run(dataDir, RUN, "produce", "--topic", "sensors", "--count", "50000", "--seed", "1");
            assertThat(first.exitCode()).as(first.stderr()).isZero();
            assertThat(first.stdout()).contains("Produced 50000 messages to sensors");

            // a first run until idle: the gold stream starts on a bronze that has a snapshot, its initial offset
            LakehouseProcess.Result once = LakehouseProcess.run(dataDir, RUN, "pipeline", "run", "sensors-streaming", "--until-idle");
            assertThat(once.exitCode()).as(once.stdout() + once.stderr()).isZero();
            pipeline = LakehouseProcess.start(dataDir, "pipeline", "run", "sensors-streaming");
            awaitRows(lakehouse, "SELECT count(*) FROM iceberg.iot.sensors_bronze", 1);
            LakehouseProcess.Result second = LakehouseProcess.run(dataDir, RUN, "produce", "--topic", "sensors", "--count", "50000", "--seed", "2");
            assertThat(second.exitCode()).as(second.stderr()).isZero();
            awaitRows(lakehouse, "SELECT count(*) FROM iceberg.iot.sensors_bronze", 50_001);
            // the stack goes down under the running stream
        }
        assertThat(pipeline.waitForExit(RUN)).as("the stream ends when the stack is gone").isNotZero();

        String[] fewSnapshots = {"--services", "catalog,kafka,trino,spark", "--ports", "random",
                "--set", "catalog.snapshots-kept=10", "--set", "catalog.snapshot-max-age=0s"};
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, fewSnapshots).awaitReady(BOOT)) {
            LakehouseProcess.Result rest = LakehouseProcess.run(dataDir, RUN, "pipeline", "run", "sensors-streaming", "--until-idle");
            assertThat(rest.exitCode()).as(rest.stdout() + rest.stderr()).isZero();

            try (Connection trino = trino(lakehouse)) {
                assertThat(single(trino, "SELECT count(*) FROM iceberg.iot.sensors_bronze")).isEqualTo(100_000);
                assertThat(single(trino, "SELECT count(DISTINCT (kafka_partition, kafka_offset)) FROM iceberg.iot.sensors_bronze"))
                        .as("each Kafka message once").isEqualTo(100_000);
                assertThat(single(trino, "SELECT count(*) FROM iceberg.iot.sensors_quarantine WHERE reason = 'not JSON' "
                        + "AND raw = 'this is not json'")).isEqualTo(1);
                assertGoldEqualsBronze(trino);
            }

            // readings an hour late (a sensor that was offline), into windows gold has long finished: they count too
            Path late = Files.createTempFile("late-readings", ".jsonl");
            String hourAgo = java.time.Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
            Files.writeString(late, String.join("\n",
                    "{\"sensor_id\":\"sensor-001\",\"temperature\":99.5,\"event_time\":\"" + hourAgo + "\",\"seq\":1}",
                    "{\"sensor_id\":\"sensor-001\",\"temperature\":-10.25,\"event_time\":\"" + hourAgo + "\",\"seq\":2}") + "\n");
            try (LakehouseProcess produce = LakehouseProcess.startWith(LakehouseProcess.java(), dataDir, java.util.Map.of(),
                    ProcessBuilder.Redirect.from(late.toFile()), "produce", "--topic", "sensors")) {
                assertThat(produce.waitForExit(RUN)).as(produce.stderr()).isZero();
                assertThat(produce.stdout()).contains("Produced 2 messages to sensors");
            }
            LakehouseProcess.Result again = LakehouseProcess.run(dataDir, RUN, "pipeline", "run", "sensors-streaming", "--until-idle");
            assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
            assertThat(again.stdout()).containsPattern("bronze +2 readings");
            try (Connection trino = trino(lakehouse)) {
                assertThat(single(trino, "SELECT readings FROM iceberg.iot.sensors_gold WHERE sensor_id = 'sensor-001' "
                        + "AND window_start = from_iso8601_timestamp('" + hourAgo + "')")).as("the late window").isEqualTo(2);
                assertGoldEqualsBronze(trino);
            }

            // the catalog keeps 10 snapshots a table and none by age (set at this start): within three rounds the
            // snapshot the gold stream started from is gone, and each run must still start from its checkpoint (Spark's
            // Trigger.AvailableNow on an Iceberg table plans from the stream's first snapshot and failed here)
            for (int round = 0; round < 3; round++) {
                try (Connection trino = trino(lakehouse); java.sql.Statement statement = trino.createStatement()) {
                    for (int i = 0; i < 5; i++) {
                        statement.execute("INSERT INTO iceberg.iot.sensors_bronze VALUES ('sensor-trino', 20.5, current_timestamp(6), "
                                + (round * 5 + i) + ", -1, " + (round * 5 + i) + ", current_timestamp(6))");
                    }
                }
                LakehouseProcess.Result resumed = LakehouseProcess.run(dataDir, RUN, "pipeline", "run", "sensors-streaming", "--until-idle");
                assertThat(resumed.exitCode()).as("round " + round + ": " + resumed.stdout() + resumed.stderr()).isZero();
            }
            try (Connection trino = trino(lakehouse)) {
                assertThat(single(trino, "SELECT count(*) FROM iceberg.iot.\"sensors_bronze$snapshots\"")).isLessThanOrEqualTo(10);
                assertThat(single(trino, "SELECT sum(readings) FROM iceberg.iot.sensors_gold WHERE sensor_id = 'sensor-trino'")).isEqualTo(15);
                assertGoldEqualsBronze(trino);
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

    /**
     * Every (sensor, minute) window of bronze is in gold with the same count and average, and gold has no other:
     * averages compared to 1e-9, since the engines add the same doubles in different orders.
     */
    private static void assertGoldEqualsBronze(Connection trino) throws SQLException {
        String bronzeWindows = "SELECT sensor_id, date_trunc('minute', event_time) AS window_start, avg(temperature) AS avg_temperature, "
                + "count(*) AS readings FROM iceberg.iot.sensors_bronze GROUP BY 1, 2";
        String differences = "SELECT count(*) FROM (" + bronzeWindows + ") b FULL JOIN iceberg.iot.sensors_gold g "
                + "ON b.sensor_id = g.sensor_id AND b.window_start = g.window_start "
                + "WHERE b.sensor_id IS NULL OR g.sensor_id IS NULL OR b.readings <> g.readings "
                + "OR abs(b.avg_temperature - g.avg_temperature) > 1e-9";
        assertThat(single(trino, differences)).as("windows of bronze missing from gold, or differing, or gold's own").isZero();
        assertThat(single(trino, "SELECT count(*) FROM iceberg.iot.sensors_gold"))
                .isEqualTo(single(trino, "SELECT count(*) FROM (" + bronzeWindows + ")"));
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
