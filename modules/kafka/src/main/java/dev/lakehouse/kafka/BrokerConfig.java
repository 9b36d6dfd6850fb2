package dev.lakehouse.kafka;

import dev.lakehouse.spi.ServiceConfig;

import java.time.Duration;
import java.util.Map;

/**
 * The broker's settings ("kafka." keys).
 *
 * @param port the client listener (PLAINTEXT)
 * @param controllerPort the KRaft controller listener
 * @param autoCreateTopics whether producing to an unknown topic creates it
 * @param defaultPartitions partitions of an auto-created topic
 * @param retention how long records are kept
 * @param retentionBytes how many bytes a partition keeps at most
 * @param minFreeDisk below this free space on the log's disk, producers are throttled
 * @param brokerProperties any other broker property, kafka.server.KEY=VALUE
 */
record BrokerConfig(int port, int controllerPort, boolean autoCreateTopics, int defaultPartitions, Duration retention,
                   long retentionBytes, long minFreeDisk, Map<String, String> brokerProperties) {
    static BrokerConfig from(ServiceConfig config) {
        return new BrokerConfig(
                config.port("port"),
                config.port("controller-port"),
                config.bool("auto-create-topics"),
                config.integer("default-partitions", 1, 1000),
                config.duration("retention"),
                config.bytes("retention-bytes"),
                config.bytes("min-free-disk"),
                config.withPrefix("server."));
    }
}
