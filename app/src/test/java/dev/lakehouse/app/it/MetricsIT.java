package dev.lakehouse.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} on the shared stack, parsed by the Prometheus project's own text-format parser (Python's
 * prometheus_client): every family is there, and each moves when its component works.
 */
@SharedStack(services = "catalog,kafka,trino,spark,flows")
class MetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyComponentsFamiliesArePresentAndMoveWhenItWorks(LakehouseProcess lakehouse) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String table = "metrics_it.t_" + suffix;
        String topic = "metrics-it-" + suffix;
        JsonNode before = scrape(lakehouse);

        assertThat(before.fieldNames()).toIterable().contains(
                // JVM: heap, GC, threads, file descriptors (the Prometheus client's JVM metrics)
                "jvm_memory_used_bytes", "jvm_gc_collection_seconds", "jvm_threads_current", "process_open_fds",
                "lakehouse_component_up", "lakehouse_data_dir_size_bytes",
                "lakehouse_catalog_commits", "lakehouse_catalog_commit_duration_seconds",
                "lakehouse_trino_queries_running", "lakehouse_trino_queries_queued", "lakehouse_trino_queries_started",
                "lakehouse_trino_queries_failed", "lakehouse_trino_query_execution_seconds",
                "lakehouse_spark_jobs", "lakehouse_spark_jobs_active", "lakehouse_spark_stages", "lakehouse_spark_streaming_queries_active",
                "lakehouse_pipeline_runs", "lakehouse_pipeline_runs_running", "lakehouse_pipeline_run_duration_seconds");
        // a flow of this test's own has no runs yet (the stack's other classes run flows of theirs)
        String flow = "metrics-it-" + suffix;
        assertThat(hasSample(before, "lakehouse_flow_runs", Map.of("flow", flow, "state", "success"))).isFalse();
        assertThat(value(before, "lakehouse_component_up", Map.of("component", "trino"))).isEqualTo(1);
        assertThat(before.get("lakehouse_data_dir_size_bytes").get("samples").get(0).get("value").asDouble()).isPositive();

        // S3: a PUT
        byte[] object = new byte[12_345];
        try (S3Client s3 = S3Clients.awsSdk(lakehouse)) {
            s3.putObject(b -> b.bucket("warehouse").key("metrics-it/" + suffix), RequestBody.fromBytes(object));
            s3.getObject(b -> b.bucket("warehouse").key("metrics-it/" + suffix)).readAllBytes();
        }
        // Trino: a table made and written (two catalog commits), a query, a failed query
        sql(lakehouse, "trino", "CREATE SCHEMA IF NOT EXISTS iceberg.metrics_it");
        sql(lakehouse, "trino", "CREATE TABLE iceberg." + table + " (id BIGINT)");
        sql(lakehouse, "trino", "INSERT INTO iceberg." + table + " VALUES (1), (2)");
        assertThat(sql(lakehouse, "trino", "SELECT no_such_column FROM iceberg." + table)).isFalse();
        // Spark: a job
        sql(lakehouse, "spark", "SELECT count(*) FROM lakehouse." + table);
        // Kafka: messages in, then a consumer group that fetches them (bytes out) and commits one of two (lag)
        post(lakehouse, "/api/topics", JSON.writeValueAsString(Map.of("name", topic, "partitions", 1)));
        post(lakehouse, "/api/topics/" + topic + "/messages", "first\nsecond\n");
        consumeOne(lakehouse, topic, "metrics-it-" + suffix);

        // Flows: one run of that flow, to its end
        Files.writeString(Files.createDirectories(lakehouse.dataDir().resolve("flows")).resolve(flow + ".yaml"), "tasks:\n  tick:\n    sql: SELECT 1\n");
        long flowDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (HTTP.send(HttpRequest.newBuilder(lakehouse.consoleUri().resolve("/api/flows/" + flow)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() != 200) {
            assertThat(System.nanoTime()).as("the flow file was read").isLessThan(flowDeadline);
            Thread.sleep(250);
        }
        assertThat(post(lakehouse, "/api/flows/" + flow + "/runs", "{\"wait\": true}")).contains("\"done\"", "\"state\":\"success\"");

        JsonNode after = scrape(lakehouse);
        Map<String, String> put = Map.of("operation", "PutObject", "status", "200");
        assertThat(value(after, "lakehouse_s3_requests", put)).isGreaterThan(before(before, "lakehouse_s3_requests", put));
        assertThat(value(after, "lakehouse_s3_received_bytes", Map.of("operation", "PutObject")))
                .isGreaterThanOrEqualTo(before(before, "lakehouse_s3_received_bytes", Map.of("operation", "PutObject")) + object.length);
        assertThat(value(after, "lakehouse_s3_sent_bytes", Map.of("operation", "GetObject")))
                .isGreaterThanOrEqualTo(before(before, "lakehouse_s3_sent_bytes", Map.of("operation", "GetObject")) + object.length);
        assertThat(value(after, "lakehouse_s3_request_duration_seconds", Map.of("operation", "PutObject"), "_count"))
                .isGreaterThan(before(before, "lakehouse_s3_request_duration_seconds", Map.of("operation", "PutObject"), "_count"));

        Map<String, String> committed = Map.of("kind", "update", "outcome", "committed");
        assertThat(value(after, "lakehouse_catalog_commits", committed)).isGreaterThan(before(before, "lakehouse_catalog_commits", committed));
        assertThat(value(after, "lakehouse_catalog_commit_duration_seconds", Map.of("kind", "update"), "_count"))
                .isGreaterThan(before(before, "lakehouse_catalog_commit_duration_seconds", Map.of("kind", "update"), "_count"));

        assertThat(value(after, "lakehouse_trino_queries_started", Map.of()))
                .isGreaterThanOrEqualTo(before(before, "lakehouse_trino_queries_started", Map.of()) + 3);
        assertThat(value(after, "lakehouse_trino_queries_failed", Map.of("cause", "user")))
                .isGreaterThan(before(before, "lakehouse_trino_queries_failed", Map.of("cause", "user")));
        assertThat(value(after, "lakehouse_trino_query_execution_seconds", Map.of(), "_sum"))
                .isGreaterThan(before(before, "lakehouse_trino_query_execution_seconds", Map.of(), "_sum"));

        Map<String, String> succeeded = Map.of("result", "succeeded");
        assertThat(value(after, "lakehouse_spark_jobs", succeeded)).isGreaterThan(before(before, "lakehouse_spark_jobs", succeeded));
        assertThat(value(after, "lakehouse_spark_stages", Map.of("result", "completed")))
                .isGreaterThan(before(before, "lakehouse_spark_stages", Map.of("result", "completed")));

        assertThat(value(after, "lakehouse_flow_runs", Map.of("flow", flow, "state", "success"))).isEqualTo(1);

        assertThat(value(after, "lakehouse_kafka_messages_in", Map.of("topic", topic))).isEqualTo(2);
        assertThat(value(after, "lakehouse_kafka_received_bytes", Map.of("topic", topic))).isPositive();
        assertThat(value(after, "lakehouse_kafka_sent_bytes", Map.of("topic", topic))).isPositive();
        // the lag is refreshed in the background: at most one refresh period plus a scrape away
        Map<String, String> group = Map.of("group", "metrics-it-" + suffix, "topic", topic);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        JsonNode latest = after;
        while (!hasSample(latest, "lakehouse_kafka_consumer_group_lag", group) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            latest = scrape(lakehouse);
        }
        assertThat(value(latest, "lakehouse_kafka_consumer_group_lag", group)).isEqualTo(1);
    }

    @Test
    void aStreamingRunShowsItsQueryAndCountsAsAPipelineRun(LakehouseProcess lakehouse) throws Exception {
        JsonNode before = scrape(lakehouse);
        double runsBefore = sum(before, "lakehouse_pipeline_runs", "lakehouse_pipeline_runs_total", "sensors-streaming");
        // the pipeline's topic (made by the first write, as Kafka is configured to)
        post(lakehouse, "/api/topics/sensors/readings", "{\"count\": 2000}");
        // a stream that runs until it is cancelled: a query's figures live while it runs (a run "until idle" may end
        // between two scrapes)
        String operation = "metrics-it-stream-" + UUID.randomUUID();
        CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> {
            try {
                return post(lakehouse, "/api/pipelines/sensors-streaming/runs", JSON.writeValueAsString(Map.of("operation", operation)));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // a query's families show from its first progress report; the Kafka lag from a batch that knows the latest offsets
        List<String> families = List.of("lakehouse_spark_streaming_batch_duration_seconds", "lakehouse_spark_streaming_input_rows_per_second",
                "lakehouse_spark_streaming_processed_rows_per_second", "lakehouse_spark_streaming_lag_offsets");
        JsonNode during = null;
        JsonNode latest = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (during == null && !run.isDone() && System.nanoTime() < deadline) {
            latest = scrape(lakehouse);
            JsonNode scraped = latest;
            if (families.stream().allMatch(scraped::has)) {
                during = scraped;
            }
            Thread.sleep(200);
        }
        HTTP.send(HttpRequest.newBuilder(lakehouse.consoleUri().resolve("/api/operations/" + operation)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(run.get(3, TimeUnit.MINUTES)).contains("\"done\"");
        JsonNode last = latest;
        assertThat(during).as("a scrape while the streaming query ran showed all of %s; the last showed %s", families,
                families.stream().filter(family -> last != null && last.has(family)).toList()).isNotNull();
        assertThat(sum(during, "lakehouse_spark_streaming_batch_duration_seconds", "lakehouse_spark_streaming_batch_duration_seconds", null)).isPositive();
        assertThat(sum(during, "lakehouse_spark_streaming_queries_active", "lakehouse_spark_streaming_queries_active", null)).isGreaterThanOrEqualTo(1);
        assertThat(sum(during, "lakehouse_pipeline_runs_running", "lakehouse_pipeline_runs_running", "sensors-streaming")).isEqualTo(1);
        // counted as the run ends, which may be a moment after its last event went out
        long counted = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        double runsAfter = sum(scrape(lakehouse), "lakehouse_pipeline_runs", "lakehouse_pipeline_runs_total", "sensors-streaming");
        while (runsAfter < runsBefore + 1 && System.nanoTime() < counted) {
            Thread.sleep(250);
            runsAfter = sum(scrape(lakehouse), "lakehouse_pipeline_runs", "lakehouse_pipeline_runs_total", "sensors-streaming");
        }
        assertThat(runsAfter).isEqualTo(runsBefore + 1);
    }

    /** The sum of a family's samples of that name, of one pipeline's when {@code pipeline} is given; 0 when there are none. */
    private static double sum(JsonNode families, String family, String name, String pipeline) {
        double total = 0;
        for (JsonNode sample : families.path(family).path("samples")) {
            if (sample.get("name").asText().equals(name) && (pipeline == null || pipeline.equals(sample.path("labels").path("pipeline").asText()))) {
                total += sample.get("value").asDouble();
            }
        }
        return total;
    }

    /** /metrics, through the Prometheus text-format parser: a malformed line fails the parse. */
    private static JsonNode scrape(LakehouseProcess lakehouse) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(lakehouse.consoleUri().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        // kept for a reviewer (and for a failure's diagnosis): what the last scrape answered
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/metrics-it-last-scrape.txt"), response.body());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        Path script = Files.createTempFile("prometheus_families", ".py");
        try (InputStream in = MetricsIT.class.getResourceAsStream("prometheus_families.py")) {
            Files.write(script, in.readAllBytes());
        }
        // Debian's python: the parser is Debian's python3-prometheus-client (.ci/run), which a python3 earlier on the PATH lacks
        Process python = new ProcessBuilder("/usr/bin/python3", script.toString()).start();
        python.getOutputStream().write(response.body());
        python.getOutputStream().close();
        byte[] parsed = python.getInputStream().readAllBytes();
        String errors = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor()).as("the Prometheus parser: %s", errors).isZero();
        Files.delete(script);
        return JSON.readTree(parsed);
    }

    /**
     * A value of the first scrape: a series not there yet is 0, as Prometheus reads an absent counter (the S3 and Kafka
     * series appear with the first request of their operation or topic).
     */
    private static double before(JsonNode families, String family, Map<String, String> labels) {
        return hasSample(families, family, labels) ? value(families, family, labels) : 0;
    }

    private static double before(JsonNode families, String family, Map<String, String> labels, String suffix) {
        return families.has(family) && sample(families, family, labels, family + suffix) != null ? value(families, family, labels, suffix) : 0;
    }

    private static boolean hasSample(JsonNode families, String family, Map<String, String> labels) {
        return families.has(family) && (sample(families, family, labels, family) != null || sample(families, family, labels, family + "_total") != null);
    }

    private static double value(JsonNode families, String family, Map<String, String> labels) {
        String type = families.path(family).path("type").asText();
        return value(families, family, labels, type.equals("counter") ? "_total" : "");
    }

    /** The sample named family + suffix (a counter's _total, a histogram's _count) with exactly these labels. */
    private static double value(JsonNode families, String family, Map<String, String> labels, String suffix) {
        assertThat(families.has(family)).as("family %s", family).isTrue();
        JsonNode sample = sample(families, family, labels, family + suffix);
        assertThat(sample).as("%s%s%s", family, suffix, labels).isNotNull();
        return sample.get("value").asDouble();
    }

    private static JsonNode sample(JsonNode families, String family, Map<String, String> labels, String name) {
        for (JsonNode sample : families.get(family).get("samples")) {
            if (sample.get("name").asText().equals(name) && JSON.convertValue(sample.get("labels"), Map.class).equals(labels)) {
                return sample;
            }
        }
        return null;
    }

    /** One statement through the control API; whether it succeeded. */
    private static boolean sql(LakehouseProcess lakehouse, String engine, String statement) throws IOException, InterruptedException {
        String answer = post(lakehouse, "/api/sql", JSON.writeValueAsString(Map.of("engine", engine, "statement", statement)));
        List<JsonNode> events = answer.lines().filter(line -> !line.isBlank()).map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        return events.stream().anyMatch(event -> event.has("done"));
    }

    private static String post(LakehouseProcess lakehouse, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(lakehouse.consoleUri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isBetween(200, 201);
        return response.body();
    }

    /** A consumer group reads both messages and commits the first one only: it lags by one. */
    private static void consumeOne(LakehouseProcess lakehouse, String topic, String group) throws IOException {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, lakehouse.endpointProperty("kafka", "bootstrap", "bootstrap-servers"));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            int read = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read < 2 && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            assertThat(read).isEqualTo(2);
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.commitSync(Map.of(partition, new org.apache.kafka.clients.consumer.OffsetAndMetadata(1)));
        }
    }
}
