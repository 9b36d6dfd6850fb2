package dev.lakehouse.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Each consumer group's lag per topic: the partitions' latest offsets minus the group's committed ones, asked of the
 * broker with an admin client (the group coordinator's own answer, as kafka-consumer-groups.sh shows it). That takes a
 * few requests, so a scrape gets the last answer and, when it is older than {@link #REFRESH}, starts a new one on a
 * thread of its own; the first scrape waits for the first answer (a second at most).
 */
final class ConsumerLag implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLag.class);
    static final Duration REFRESH = Duration.ofSeconds(10);

    record GroupTopic(String group, String topic) { }

    private final Map<String, Object> adminSettings;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private Admin admin;
    private volatile Map<GroupTopic, Long> latest = Map.of();
    private volatile long refreshedAtNanos;
    private volatile boolean asked;
    private volatile boolean closed;

    ConsumerLag(String bootstrapServers, Map<String, String> clientSecurity) {
        Map<String, Object> settings = new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "lakehouse-metrics", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
        settings.putAll(clientSecurity);
        this.adminSettings = settings;
    }

    /** The last answer, and a new one asked for when it is stale. */
    Map<GroupTopic, Long> latest() {
        if (!asked) {
            asked = true;
            refresh();
        } else if (System.nanoTime() - refreshedAtNanos > REFRESH.toNanos() && refreshing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("lakehouse-metrics-kafka-lag").start(() -> {
                try {
                    refresh();
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return latest;
    }

    private void refresh() {
        try {
            Admin client = admin();
            Map<GroupTopic, Long> lag = new HashMap<>();
            for (ConsumerGroupListing group : client.listConsumerGroups().all().get(5, TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
                committed.keySet().forEach(partition -> ask.put(partition, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = client.listOffsets(ask).all().get(5, TimeUnit.SECONDS);
                committed.forEach((partition, offset) -> {
                    if (offset != null && ends.containsKey(partition)) {
                        lag.merge(new GroupTopic(group.groupId(), partition.topic()),
                                Math.max(0, ends.get(partition).offset() - offset.offset()), Long::sum);
                    }
                });
            }
            latest = Map.copyOf(lag);
        } catch (Exception e) {
            LOG.debug("consumer group lag not refreshed: {}", e.toString());
        } finally {
            refreshedAtNanos = System.nanoTime();
        }
    }

    private synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (admin == null) {
            admin = Admin.create(adminSettings);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
