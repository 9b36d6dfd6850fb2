package dev.lakehouse.runtime.topic;

import dev.lakehouse.runtime.Refused;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The broker's topics as the lakehouse offers them (Lakehouse#topics(), the API behind {@code lakehouse topics}
 * and {@code produce}, and of the console's Streams page): list, create, describe, read the last messages, delete, and produce lines or generated sensor readings with one
 * producer shared by every caller.
 */
public final class Topics implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A topic with how many messages it holds now. */
    public record Topic(String name, int partitions, long messages) {
    }

    /** One partition: its leader and the offsets of its first and next message. */
    public record Partition(int partition, String leader, long firstOffset, long nextOffset) {
    }

    /** A topic in detail. */
    public record TopicDetail(String name, String id, String retention, List<Partition> partitions) {
    }

    /** A message as the console shows it: where it sits, when it was written (epoch ms), its key and value as UTF-8 text. */
    public record Message(int partition, long offset, long timestamp, String key, String value) {
    }

    /** What a produce call sent: acknowledged messages, failures, and the first failure's message. */
    public record Produced(long produced, long failed, String error) {
    }

    private final String bootstrapServers;
    private final Map<String, String> clientSecurity;
    private volatile KafkaProducer<String, String> producer;

    public Topics(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** @param clientSecurity Kafka client settings the broker asks for (security.protocol, sasl.*: beyond loopback) */
    public Topics(String bootstrapServers, Map<String, String> clientSecurity) {
        this.bootstrapServers = bootstrapServers;
        this.clientSecurity = Map.copyOf(clientSecurity);
    }

    public List<Topic> list() throws Exception {
        try (Admin admin = admin()) {
            Set<String> names = new TreeSet<>(admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<Topic> topics = new ArrayList<>();
            for (String name : names) {
                TopicDescription description = descriptions.get(name);
                Map<TopicPartition, Long> first = offsets(admin, description, OffsetSpec.earliest());
                Map<TopicPartition, Long> next = offsets(admin, description, OffsetSpec.latest());
                long messages = next.entrySet().stream().mapToLong(e -> e.getValue() - first.getOrDefault(e.getKey(), 0L)).sum();
                topics.add(new Topic(name, description.partitions().size(), messages));
            }
            return topics;
        }
    }

    public void create(String name, int partitions) throws Exception {
        // Kafka reads -1 as "the broker's default": a user who typed a number meant that number
        if (partitions < 1) {
            throw Refused.invalid("partitions: at least 1, not " + partitions);
        }
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                throw Refused.conflict("topic " + name + " exists already");
            }
            // the broker's refusals of what was asked (a name, a number of partitions): the user's to fix
            if (e.getCause() instanceof org.apache.kafka.common.errors.InvalidTopicException
                    || e.getCause() instanceof org.apache.kafka.common.errors.InvalidPartitionsException
                    || e.getCause() instanceof org.apache.kafka.common.errors.PolicyViolationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.InvalidConfigurationException) {
                throw Refused.invalid("topic " + name + ": " + e.getCause().getMessage());
            }
            throw e;
        }
    }

    public TopicDetail describe(String name) throws Exception {
        try (Admin admin = admin()) {
            TopicDescription description;
            try {
                description = admin.describeTopics(List.of(name)).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(name);
            } catch (ExecutionException e) {
                throw unknown(name, e);
            }
            Map<TopicPartition, Long> first = offsets(admin, description, OffsetSpec.earliest());
            Map<TopicPartition, Long> next = offsets(admin, description, OffsetSpec.latest());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
            var config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(resource);
            ConfigEntry bytes = config.get("retention.bytes");
            ConfigEntry millis = config.get("retention.ms");
            String retention = (millis == null ? "?" : Duration.ofMillis(Long.parseLong(millis.value())).toString().substring(2).toLowerCase())
                    + " or " + (bytes == null || bytes.value().equals("-1") ? "no size limit" : (Long.parseLong(bytes.value()) >> 20) + " MB per partition");
            List<Partition> partitions = new ArrayList<>();
            for (TopicPartitionInfo partition : description.partitions()) {
                TopicPartition key = new TopicPartition(name, partition.partition());
                partitions.add(new Partition(partition.partition(), partition.leader() == null ? "-" : partition.leader().idString(),
                        first.get(key), next.get(key)));
            }
            return new TopicDetail(name, description.topicId().toString(), retention, partitions);
        }
    }

    /**
     * The last {@code max} messages of a topic, newest first: up to {@code max} read back from the end of each partition
     * with a consumer of no group (it commits nothing and leaves no trace on the broker).
     */
    public List<Message> lastMessages(String name, int max) throws Exception {
        Map<TopicPartition, Long> first;
        Map<TopicPartition, Long> next;
        try (Admin admin = admin()) {
            TopicDescription description;
            try {
                description = admin.describeTopics(List.of(name)).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(name);
            } catch (ExecutionException e) {
                throw unknown(name, e);
            }
            first = offsets(admin, description, OffsetSpec.earliest());
            next = offsets(admin, description, OffsetSpec.latest());
        }
        Map<String, Object> settings = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        settings.putAll(clientSecurity);
        List<Message> messages = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
            List<TopicPartition> partitions = next.keySet().stream().filter(p -> next.get(p) > first.get(p)).toList();
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, Math.max(first.get(p), next.get(p) - max)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < next.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < next.get(new TopicPartition(record.topic(), record.partition()))) {
                        messages.add(new Message(record.partition(), record.offset(), record.timestamp(),
                                record.key(), record.value()));
                    }
                }
            }
        }
        messages.sort(java.util.Comparator.comparingLong(Message::timestamp).thenComparingLong(Message::offset).reversed());
        return messages.subList(0, Math.min(max, messages.size()));
    }

    /** The broker's consumer groups with their lag per topic and partition (the console's Streams page). */
    public List<ConsumerGroups.Group> consumerGroups() throws Exception {
        try (Admin admin = admin()) {
            return ConsumerGroups.read(admin);
        }
    }

    public void delete(String name) throws Exception {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(name)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw unknown(name, e);
        }
    }

    /** Sends every line of {@code lines} (UTF-8) as one message. */
    public Produced produceLines(String topic, InputStream lines, BooleanSupplier cancelled) throws IOException, InterruptedException {
        Sender sender = new Sender(topic);
        BufferedReader reader = new BufferedReader(new InputStreamReader(lines, StandardCharsets.UTF_8));
        String line;
        while (!cancelled.getAsBoolean() && (line = reader.readLine()) != null) {
            sender.send(line);
        }
        return sender.finish();
    }

    /**
     * Sends generated sensor readings: {@code count} of them (or until cancelled when count is 0), at most
     * {@code rate} a second (0: as fast as the broker takes them). {@code progress} hears the count now and then.
     */
    public Produced produceReadings(String topic, long count, long rate, int sensors, long seed, BooleanSupplier cancelled,
                                    LongConsumer progress) throws InterruptedException {
        SensorReadings readings = new SensorReadings(seed, sensors);
        Sender sender = new Sender(topic);
        long begin = System.nanoTime();
        long lastReport = begin;
        for (long sent = 0; (count == 0 || sent < count) && !cancelled.getAsBoolean(); sent++) {
            if (rate > 0) {
                long wait = begin + sent * 1_000_000_000L / rate - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            sender.send(readings.next(Instant.now()));
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                lastReport = System.nanoTime();
                progress.accept(sent + 1);
            }
        }
        return sender.finish();
    }

    /** Sends through the shared producer and counts acknowledgements. */
    private final class Sender {
        private final String topic;
        private final KafkaProducer<String, String> producer = producer();
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicReference<String> firstError = new AtomicReference<>();

        Sender(String topic) {
            this.topic = topic;
        }

        void send(String value) {
            producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, error.getMessage());
                }
            });
        }

        Produced finish() {
            producer.flush();
            return new Produced(acknowledged.get(), failed.get(), firstError.get());
        }
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> settings = new HashMap<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.LINGER_MS_CONFIG, 5,
                            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
                    settings.putAll(clientSecurity);
                    producer = new KafkaProducer<>(settings);
                }
                current = producer;
            }
        }
        return current;
    }

    private Admin admin() {
        Map<String, Object> settings = new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
        settings.putAll(clientSecurity);
        return Admin.create(settings);
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, TopicDescription description, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(description.name(), p.partition()), spec));
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> entry
                : admin.listOffsets(request).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).entrySet()) {
            offsets.put(entry.getKey(), entry.getValue().offset());
        }
        return offsets;
    }

    private static Exception unknown(String name, ExecutionException e) {
        return e.getCause() instanceof UnknownTopicOrPartitionException ? Refused.notFound("there is no topic " + name
                + " ('lakehouse topics list' shows them)") : e;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }
}
