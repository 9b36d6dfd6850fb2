package dev.lakehouse.trino;

import dev.lakehouse.spi.ConfigException;
import dev.lakehouse.spi.ServiceConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trino's settings ("trino." keys).
 *
 * @param port the coordinator's HTTP port (clients, JDBC, the web UI at /ui); HTTPS when the lakehouse is open to a network
 * @param password what every client must send beyond loopback (with any user name); empty when not set
 * @param maxQueryMemory query.max-memory and query.max-memory-per-node
 * @param serverProperties any other server property, trino.server.KEY=VALUE
 * @param catalogProperties catalog properties added or overridden, trino.catalog.CATALOG.KEY=VALUE; a catalog
 *                          the lakehouse does not define needs its connector.name
 */
record TrinoConfig(int port, java.util.Optional<String> password, String maxQueryMemory, Map<String, String> serverProperties,
                   Map<String, Map<String, String>> catalogProperties) {
    static TrinoConfig from(ServiceConfig config) {
        Map<String, Map<String, String>> catalogs = new TreeMap<>();
        config.withPrefix("catalog.").forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                throw new ConfigException(config.fullKey("catalog." + key), "Configuration key '" + config.fullKey("catalog." + key)
                        + "' must name a catalog and a property: trino.catalog.CATALOG.PROPERTY");
            }
            catalogs.computeIfAbsent(key.substring(0, dot), c -> new LinkedHashMap<>()).put(key.substring(dot + 1), value);
        });
        return new TrinoConfig(config.port("port"), config.optionalString("password"), config.string("max-query-memory"), config.withPrefix("server."), catalogs);
    }
}
