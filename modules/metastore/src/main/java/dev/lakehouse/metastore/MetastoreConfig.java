package dev.lakehouse.metastore;

import dev.lakehouse.spi.ConfigException;
import dev.lakehouse.spi.ServiceConfig;

import java.util.Map;

/**
 * The metastore's settings ("metastore." keys).
 *
 * @param port the Thrift port (9083, Hive's own default)
 * @param warehouse where managed tables and new databases go: an s3a:// location on the lakehouse's storage
 * @param properties any other metastore or Hadoop property, metastore.conf.KEY=VALUE
 */
record MetastoreConfig(int port, String warehouse, Map<String, String> properties) {
    static MetastoreConfig from(ServiceConfig config) {
        String warehouse = config.string("warehouse");
        if (!warehouse.matches("s3a://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")) {
            // HMS reaches the object store through Hadoop's S3A, which answers to s3a:// only
            throw new ConfigException(config.fullKey("warehouse"), "Configuration key '" + config.fullKey("warehouse")
                    + "' must be an s3a://BUCKET/PATH location on the lakehouse's storage, but is '" + warehouse + "'");
        }
        return new MetastoreConfig(config.port("port"), warehouse.endsWith("/") ? warehouse : warehouse + "/",
                config.withPrefix("conf."));
    }
}
