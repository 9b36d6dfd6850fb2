package dev.lakehouse.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SASL/PLAIN for a broker open to a network: one user (kafka.user, kafka.password) that every client logs in as, on a
 * SASL_PLAINTEXT client listener. What a client sets is Kafka's standard: security.protocol=SASL_PLAINTEXT,
 * sasl.mechanism=PLAIN and a PlainLoginModule JAAS line (kcat: -X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN
 * -X sasl.username=... -X sasl.password=...). The broker's own connection to itself logs in the same way.
 *
 * @param user the one user
 * @param password its password
 */
record SaslPlain(String user, String password) {
    static final String LISTENER = "SASL_PLAINTEXT";

    /** The client settings, under Kafka's own names. */
    Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", LISTENER);
        properties.put("sasl.mechanism", "PLAIN");
        properties.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=" + quoted(user)
                + " password=" + quoted(password) + ";");
        return properties;
    }

    /** The broker's settings for its SASL listener: the mechanism, and the one user it knows. */
    Map<String, String> brokerProperties() {
        String prefix = "listener.name." + LISTENER.toLowerCase(java.util.Locale.ROOT) + ".plain.";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sasl.enabled.mechanisms", "PLAIN");
        properties.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        properties.put(prefix + "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username="
                + quoted(user) + " password=" + quoted(password) + " user_" + user + "=" + quoted(password) + ";");
        return properties;
    }

    /** A JAAS string value: quotes and backslashes escaped. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
