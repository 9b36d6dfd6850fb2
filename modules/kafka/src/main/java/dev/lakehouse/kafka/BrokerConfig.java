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
 * @param user the SASL/PLAIN user clients log in as when the lakehouse is open to a network
 * @param password that user's password; empty when not set (required beyond loopback)
 */
record BrokerConfig(int port, int controllerPort, boolean autoCreateTopics, int defaultPartitions, Duration retention,
                   long retentionBytes, long minFreeDisk, Map<String, String> brokerProperties, String user,
                   java.util.Optional<String> password) {
    static BrokerConfig from(ServiceConfig config) {
        String user = config.string("user");
        if (!user.matches("[A-Za-z0-9_.-]+")) {
            // it becomes a JAAS option name (user_NAME)
            throw new dev.lakehouse.spi.ConfigException(config.fullKey("user"), "Configuration key '" + config.fullKey("user")
                    + "' may hold letters, digits, '_', '.' and '-' only, but is '" + user + "'");
        }
        return new BrokerConfig(
                config.port("port"),
                config.port("controller-port"),
                config.bool("auto-create-topics"),
                config.integer("default-partitions", 1, 1000),
                config.duration("retention"),
                config.bytes("retention-bytes"),
                config.bytes("min-free-disk"),
                config.withPrefix("server."),
                user,
                config.optionalString("password"));
    }
}
