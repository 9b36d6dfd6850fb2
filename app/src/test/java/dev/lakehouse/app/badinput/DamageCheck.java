package dev.lakehouse.app.badinput;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;

/**
 * Data written before the bad input, checked after each case: an S3 object with known bytes (and nothing else in its
 * bucket), an Iceberg table with known rows at a known metadata file, a Nessie branch at a known hash, a Kafka topic
 * with known messages; and /health answering 200. A case that damaged any of it, or took the stack down, fails here.
 */
public final class DamageCheck implements AutoCloseable {
    public static final String BUCKET = "canary";
    public static final String KEY = "canary/known.bin";
    public static final String SCHEMA = "canary";
    public static final String TABLE = "known_rows";
    public static final String BRANCH = "canary";
    public static final String TOPIC = "canary";
    static final List<String> ROWS = List.of("1=one", "2=two", "3=three");
    static final List<String> MESSAGES = List.of("k1=first", "k2=second", "k3=third", "k4=fourth", "k5=fifth");

    private final Stack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final S3Client s3;
    private final byte[] objectBytes = new byte[64 * 1024];
    private Connection trino;
    private long logChecked;
    private List<String> tableFiles;
    private org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer;
    private String tableMetadata;
    private String branchHash;

    private DamageCheck(Stack stack) throws Exception {
        this.stack = stack;
        this.s3 = Clients.s3(stack);
        new Random(16).nextBytes(objectBytes);
    }

    /** Writes the canaries of every service the stack runs. */
    public static DamageCheck writeCanaries(Stack stack) throws Exception {
        DamageCheck check = new DamageCheck(stack);
        check.write();
        check.verify("after writing the canaries");
        return check;
    }

    private void write() throws Exception {
        // each canary is written only when absent: a runner may attach to a stack that already has them
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
        s3.putObject(b -> b.bucket(BUCKET).key(KEY), RequestBody.fromBytes(objectBytes));
        if (stack.trinoJdbc() != null) {
            try (Statement statement = trino().createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS iceberg." + SCHEMA);
                statement.execute("CREATE TABLE IF NOT EXISTS iceberg." + SCHEMA + "." + TABLE + " AS SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, 'three')) t(id, name)");
            }
        }
        if (stack.nessie() != null) {
            String main = Json.parse(get(stack.nessie() + "/trees/main")).path("reference").path("hash").asText();
            HttpResponse<String> exists = http.send(HttpRequest.newBuilder(URI.create(stack.nessie() + "/trees/" + BRANCH)).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> created = exists.statusCode() == 200 ? exists : http.send(HttpRequest.newBuilder(URI.create(stack.nessie() + "/trees?name=" + BRANCH + "&type=BRANCH"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"BRANCH\",\"name\":\"main\",\"hash\":\"" + main + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 200) {
                throw new IllegalStateException("creating branch canary: " + created.statusCode() + " " + created.body());
            }
            branchHash = Json.parse(get(stack.nessie() + "/trees/" + BRANCH)).path("reference").path("hash").asText();
            tableMetadata = stack.trinoJdbc() == null ? null : metadataLocation();
            tableFiles = stack.trinoJdbc() == null ? null : tableFiles();
        }
        if (stack.kafka() != null && !kafkaMessages().equals(MESSAGES)) {
            Commands.Result produced = Commands.run(Duration.ofSeconds(30), String.join("\n", MESSAGES) + "\n",
                    "kcat", "-P", "-b", stack.kafka(), "-t", TOPIC, "-K", "=");
            if (produced.exitCode() != 0) {
                throw new IllegalStateException("kcat could not write the canary topic: " + produced.output());
            }
        }
    }

    /** Fails with what was damaged, naming {@code after} (the case just run); reads the table through Trino too. */
    public void verify(String after) throws Exception {
        verify(after, true);
    }

    /**
     * As {@link #verify(String)}; without {@code readTable} the table is checked by its metadata file and the list of
     * its files in the object store (which fix its rows: Iceberg's files are immutable) instead of a Trino query.
     */
    public void verify(String after, boolean readTable) throws Exception {
        List<String> damage = new ArrayList<>();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(stack.console("/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() != 200) {
            damage.add("/health answered " + health.statusCode() + ": " + health.body());
        }
        byte[] object = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(KEY)).asByteArray();
        if (!Arrays.equals(object, objectBytes)) {
            damage.add("s3://" + BUCKET + "/" + KEY + " changed (" + object.length + " bytes)");
        }
        List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(o -> o.key()).toList();
        if (!keys.equals(List.of(KEY))) {
            damage.add("bucket " + BUCKET + " holds " + keys);
        }
        if (tableFiles != null && !tableFiles().equals(tableFiles)) {
            damage.add("the files of " + SCHEMA + "." + TABLE + " changed: " + tableFiles());
        }
        if (stack.trinoJdbc() != null && readTable) {
            List<String> rows = new ArrayList<>();
            try (Statement statement = trino().createStatement();
                 ResultSet results = statement.executeQuery("SELECT id, name FROM iceberg." + SCHEMA + "." + TABLE + " ORDER BY id")) {
                while (results.next()) {
                    rows.add(results.getInt(1) + "=" + results.getString(2));
                }
            }
            if (!rows.equals(ROWS)) {
                damage.add("iceberg." + SCHEMA + "." + TABLE + " holds " + rows);
            }
        }
        if (stack.nessie() != null) {
            String hash = Json.parse(get(stack.nessie() + "/trees/" + BRANCH)).path("reference").path("hash").asText();
            if (!hash.equals(branchHash)) {
                damage.add("branch " + BRANCH + " moved from " + branchHash + " to " + hash);
            }
            if (tableMetadata != null && !metadataLocation().equals(tableMetadata)) {
                damage.add("table " + SCHEMA + "." + TABLE + " has a new metadata file " + metadataLocation());
            }
        }
        if (stack.kafka() != null) {
            List<String> messages = kafkaMessages();
            if (!messages.equals(MESSAGES)) {
                damage.add("topic " + TOPIC + " reads " + messages);
            }
        }
        damage.addAll(controlApiFailures());
        if (!damage.isEmpty()) {
            throw new AssertionError("damage " + after + ": " + String.join("; ", damage));
        }
    }

    /** The control API's own failures logged since the last check: a request it answered with a 500 (or not at all). */
    private List<String> controlApiFailures() throws java.io.IOException {
        java.nio.file.Path logs = stack.dataDir().resolve("logs");
        if (!java.nio.file.Files.isDirectory(logs)) {
            return List.of();
        }
        java.util.Optional<java.nio.file.Path> newest;
        try (var files = java.nio.file.Files.list(logs)) {
            newest = files.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .max(java.util.Comparator.comparing(f -> f.toFile().lastModified()));
        }
        if (newest.isEmpty()) {
            return List.of();
        }
        List<String> failures = new ArrayList<>();
        try (java.io.RandomAccessFile log = new java.io.RandomAccessFile(newest.get().toFile(), "r")) {
            long length = log.length();
            if (logChecked > 0 && logChecked <= length) {
                log.seek(logChecked);
                byte[] added = new byte[(int) Math.min(length - logChecked, 64L << 20)];
                log.readFully(added);
                new String(added, StandardCharsets.UTF_8).lines()
                        .filter(line -> line.contains("dev.lakehouse.runtime.api.Router - ") && line.contains(" failed"))
                        .forEach(line -> failures.add("the control API failed inside: " + line));
            }
            logChecked = length;
        }
        return failures;
    }

    /** The canary topic's messages, read from the beginning by a consumer kept open (a kcat process per check cost 0.3 s). */
    private List<String> kafkaMessages() {
        if (consumer == null) {
            java.util.Properties properties = new java.util.Properties();
            properties.put("bootstrap.servers", stack.kafka());
            properties.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
            properties.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
            properties.put("enable.auto.commit", "false");
            // the broker's default 500 ms wait for more data was most of each check
            properties.put("fetch.max.wait.ms", "10");
            consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(properties);
        }
        List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                .map(p -> new org.apache.kafka.common.TopicPartition(TOPIC, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long end = consumer.endOffsets(partitions, Duration.ofSeconds(30)).values().stream().mapToLong(Long::longValue).sum();
        List<String> messages = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (messages.size() < end && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> messages.add(r.key() + "=" + r.value()));
        }
        return messages;
    }

    /** Every object under the table's location, with its size and ETag. */
    private List<String> tableFiles() throws Exception {
        URI location = URI.create(Json.parse(get(stack.iceberg() + "/v1/main/namespaces/" + SCHEMA + "/tables/" + TABLE))
                .path("metadata").path("location").asText());
        String prefix = location.getPath().substring(1) + "/";
        return s3.listObjectsV2Paginator(b -> b.bucket(location.getHost()).prefix(prefix)).contents().stream()
                .map(o -> o.key() + " " + o.size() + " " + o.eTag()).sorted().toList();
    }

    private String metadataLocation() throws Exception {
        return Json.parse(get(stack.iceberg() + "/v1/main/namespaces/" + SCHEMA + "/tables/" + TABLE)).path("metadata-location").asText();
    }

    private String get(String uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private Connection trino() throws Exception {
        if (trino == null || trino.isClosed()) {
            Properties properties = new Properties();
            properties.setProperty("user", "badinput");
            trino = DriverManager.getConnection(stack.trinoJdbc(), properties);
        }
        return trino;
    }

    @Override
    public void close() throws Exception {
        s3.close();
        if (consumer != null) {
            consumer.close();
        }
        if (trino != null) {
            trino.close();
        }
        http.close();
    }
}
