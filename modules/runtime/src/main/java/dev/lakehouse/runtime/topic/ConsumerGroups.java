package dev.lakehouse.runtime.topic;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Consumer groups and how far behind each is, as kafka-consumer-groups.sh --describe shows it: per partition a group
 * has committed an offset in, the partition's end offset minus that committed offset. The console's Streams page reads
 * it (the metrics' {@code ConsumerLag} in the kafka module sums the same numbers per topic for /metrics).
 */
public final class ConsumerGroups {
    private static final long TIMEOUT_SECONDS = 30;

    private ConsumerGroups() {
    }

    /** One partition a group has committed an offset in. */
    public record PartitionLag(String topic, int partition, long committed, long end, long lag) {
    }

    /** A group: its state (Stable, Empty, ...), members now, total lag, and its partitions ordered by topic and number. */
    public record Group(String group, String state, int members, long lag, List<PartitionLag> partitions) {
    }

    static List<Group> read(Admin admin) throws Exception {
        List<String> names = new ArrayList<>(new TreeSet<>(admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .stream().map(ConsumerGroupListing::groupId).toList()));
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, ConsumerGroupDescription> descriptions = admin.describeConsumerGroups(names).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (String name : names) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(name).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            committed.put(name, offsets);
            offsets.keySet().forEach(partition -> ends.put(partition, OffsetSpec.latest()));
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> endOffsets = ends.isEmpty() ? Map.of()
                : admin.listOffsets(ends).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<Group> groups = new ArrayList<>();
        for (String name : names) {
            List<PartitionLag> partitions = new ArrayList<>();
            committed.get(name).forEach((partition, offset) -> {
                // a null offset: the group has this partition but committed nothing in it yet
                ListOffsetsResult.ListOffsetsResultInfo end = endOffsets.get(partition);
                if (offset != null && end != null) {
                    partitions.add(new PartitionLag(partition.topic(), partition.partition(), offset.offset(), end.offset(),
                            Math.max(0, end.offset() - offset.offset())));
                }
            });
            partitions.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
            ConsumerGroupDescription description = descriptions.get(name);
            groups.add(new Group(name, description == null ? "?" : description.state().toString(),
                    description == null ? 0 : description.members().size(), partitions.stream().mapToLong(PartitionLag::lag).sum(), partitions));
        }
        return groups;
    }
}
