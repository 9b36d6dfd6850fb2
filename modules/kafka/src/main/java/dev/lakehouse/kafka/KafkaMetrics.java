package dev.lakehouse.kafka;

import dev.lakehouse.spi.MetricsSink;
import dev.lakehouse.spi.MetricsSource;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * The broker's per-topic traffic and the consumer groups' lag, for /metrics. The traffic comes from the meters the
 * broker registers in the JVM's platform MBeanServer (kafka.server:type=BrokerTopicMetrics,name=...,topic=...), the
 * ones a JMX exporter would read; the lag from {@link ConsumerLag}. The broker meters messages only as they come in:
 * Kafka counts no messages out, only bytes.
 */
final class KafkaMetrics implements MetricsSource {
    private static final Map<String, String[]> METERS = Map.of(
            "MessagesInPerSec", new String[] {"lakehouse_kafka_messages_in", "Messages appended to a topic"},
            "BytesInPerSec", new String[] {"lakehouse_kafka_received_bytes", "Bytes producers sent to a topic"},
            "BytesOutPerSec", new String[] {"lakehouse_kafka_sent_bytes", "Bytes consumers fetched from a topic"});

    private final ConsumerLag lag;

    KafkaMetrics(ConsumerLag lag) {
        this.lag = lag;
    }

    @Override
    public void collect(MetricsSink sink) {
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName name : beans.queryNames(new ObjectName("kafka.server:type=BrokerTopicMetrics,topic=*,*"), null)) {
                String[] metric = METERS.get(name.getKeyProperty("name"));
                if (metric != null) {
                    Object count = beans.getAttribute(name, "Count");
                    sink.counter(metric[0], metric[1], Map.of("topic", name.getKeyProperty("topic")), ((Number) count).doubleValue());
                }
            }
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("reading Kafka's broker meters: " + e.getMessage(), e);
        }
        lag.latest().forEach((groupAndTopic, messages) -> sink.gauge("lakehouse_kafka_consumer_group_lag",
                "Messages a consumer group has not committed yet, summed over the topic's partitions (refreshed every "
                        + ConsumerLag.REFRESH.toSeconds() + " s)",
                Map.of("group", groupAndTopic.group(), "topic", groupAndTopic.topic()), messages));
    }
}
