package dev.lakehouse.app.bench;

import dev.lakehouse.app.it.LakehouseProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * Kafka produce and consume throughput with 1 KB messages, and the end-to-end latency of the
 * sensors-streaming pipeline at a 1 s trigger: from a reading's send to its row answering a Trino query.
 */
final class StreamingBenchmark {
    private StreamingBenchmark() {
    }

    static void run(Results results, int messages, int latencySamples) throws Exception {
        Path dataDir = Files.createTempDirectory("lakehouse-bench-streaming");
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, "--services", "catalog,kafka,trino,spark", "--ports", "random")
                .awaitReady(Duration.ofMinutes(4))) {
            String kafka = lakehouse.endpointProperty("kafka", "bootstrap", "bootstrap-servers");
            throughput(results, kafka, messages);
            latency(results, lakehouse, dataDir, kafka, latencySamples);
        } finally {
            BootBenchmark.deleteTree(dataDir);
        }
    }

    private static void throughput(Results results, String kafka, int messages) throws Exception {
        byte[] payload = new byte[1024];
        new Random(7).nextBytes(payload);
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
            for (int i = 0; i < 20_000; i++) { // warm up the client and the broker's code paths
                producer.send(new ProducerRecord<>("bench-warmup", payload));
            }
            producer.flush();
            long begin = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>("bench-1kb", payload));
            }
            producer.flush();
            double seconds = (System.nanoTime() - begin) / 1e9;
            results.add("kafka", "produce, 1 KB messages (" + messages + ", acks=all)", messages / seconds, "msg/s", ">= 100000",
                    String.format(Locale.ROOT, "%.0f MB/s", messages / seconds / 1024));
        }
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "bench", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of("bench-1kb"));
            long begin = System.nanoTime();
            long received = 0;
            while (received < messages) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(5));
                received += records.count();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            results.add("kafka", "consume, 1 KB messages (" + messages + ")", received / seconds, "msg/s", "", "from offset 0, one consumer");
        }
    }

    private static void latency(Results results, LakehouseProcess lakehouse, Path dataDir, String kafka, int samples) throws Exception {
        try (LakehouseProcess pipeline = LakehouseProcess.start(dataDir, "pipeline", "run", "sensors-streaming", "--option", "trigger=1 second");
             Connection trino = trino(lakehouse);
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            // the stream is up once a first reading is in bronze
            send(producer, -1);
            await(trino, -1, Duration.ofMinutes(4));
            List<Double> latencies = new ArrayList<>();
            long rss = 0;
            for (int i = 0; i < samples; i++) {
                long begin = System.nanoTime();
                send(producer, i);
                await(trino, i, Duration.ofMinutes(1));
                latencies.add((System.nanoTime() - begin) / 1e6);
                rss = Math.max(rss, Machine.rssKb(pipeline.process().pid()));
            }
            latencies.sort(Double::compare);
            results.add("streaming", "produce to visible in Trino, p50 (" + samples + " readings, 1 s trigger)", percentile(latencies, 50),
                    "ms", "", "a reading sent to Kafka until Trino's query on bronze finds it");
            results.add("streaming", "produce to visible in Trino, p95", percentile(latencies, 95), "ms", "<= 5000", "");
            results.add("streaming", "RSS of `pipeline run` while streaming", rss / 1024.0, "MB", "", "a client: the stream runs in the lakehouse");
            results.add("streaming", "RSS of the lakehouse JVM while streaming", Machine.rssKb(lakehouse.runFile().path("pid").asLong()) / 1024.0,
                    "MB", "", "storage, catalog, kafka, trino, spark with the stream's 3 queries");
        }
    }

    private static void send(KafkaProducer<String, String> producer, long seq) throws Exception {
        producer.send(new ProducerRecord<>("sensors", String.format(Locale.ROOT,
                "{\"sensor_id\":\"bench\",\"temperature\":20.0,\"event_time\":\"%s\",\"seq\":%d}", Instant.now(), seq))).get();
    }

    private static void await(Connection trino, long seq, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (ResultSet rows = trino.createStatement().executeQuery(
                    "SELECT count(*) FROM iceberg.iot.sensors_bronze WHERE sensor_id = 'bench' AND seq = " + seq)) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            } catch (SQLException tableNotYetThere) {
                // the pipeline creates its tables when it starts
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("reading " + seq + " not visible in Trino after " + timeout);
    }

    private static double percentile(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static Connection trino(LakehouseProcess lakehouse) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "bench");
        return DriverManager.getConnection(lakehouse.endpointProperty("trino", "http", "jdbc-url"), properties);
    }
}
