package dev.lakehouse.spark;

import dev.lakehouse.spi.ConfigException;
import dev.lakehouse.spi.ServiceConfig;

import java.util.Map;

/**
 * Spark's settings ("spark." keys).
 *
 * @param master any Spark master URL; local[*] runs executors as threads of this process
 * @param catalogName the session's default catalog: the Iceberg REST catalog on the default branch
 * @param uiEnabled whether the Spark UI runs
 * @param uiPort its port
 * @param connectEnabled whether Spark Connect is served
 * @param connectPort its gRPC port
 * @param connectToken the token Spark Connect clients must send when the lakehouse is open to a network; empty when not set
 * @param warmUp whether the start runs a first query of each kind (see spark.warm-up)
 * @param deltaEnabled whether Delta Lake's SQL extension is loaded and spark_catalog is Delta's catalog
 * @param sessionConf any other Spark setting (spark.conf.KEY=VALUE), handed to the session unchanged
 */
record SparkConfig(String master, String catalogName, boolean uiEnabled, int uiPort, boolean connectEnabled,
                   int connectPort, java.util.Optional<String> connectToken, boolean warmUp,
                   boolean deltaEnabled, Map<String, String> sessionConf) {
    static SparkConfig from(ServiceConfig config) {
        String catalog = config.string("catalog-name");
        if (!catalog.matches("[a-z_][a-z0-9_]*")) {
            throw new ConfigException(config.fullKey("catalog-name"), "Configuration key '" + config.fullKey("catalog-name")
                    + "' must be a lower-case SQL identifier (a-z, 0-9, _), but is '" + catalog + "'");
        }
        return new SparkConfig(
                config.string("master"),
                catalog,
                config.bool("ui-enabled"),
                config.port("ui-port"),
                config.bool("connect-enabled"),
                config.port("connect-port"),
                config.optionalString("connect-token"),
                config.bool("warm-up"),
                config.bool("delta-enabled"),
                config.withPrefix("conf."));
    }
}
