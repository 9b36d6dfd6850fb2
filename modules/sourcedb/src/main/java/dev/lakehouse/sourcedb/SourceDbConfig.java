package dev.lakehouse.sourcedb;

import dev.lakehouse.spi.ConfigException;
import dev.lakehouse.spi.ServiceConfig;

/**
 * The source database's settings ("sourcedb." keys).
 *
 * @param tcpPort H2's JDBC over TCP
 * @param pgPort the PostgreSQL wire protocol (psql)
 * @param database the database's name (its file under {@code <data-dir>/sourcedb})
 * @param user the one user
 * @param password its password
 * @param orders how many orders the first start seeds
 * @param seed the generator's seed
 */
record SourceDbConfig(int tcpPort, int pgPort, String database, String user, String password, int orders, long seed) {
    static SourceDbConfig from(ServiceConfig config) {
        String database = config.string("database");
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new ConfigException(config.fullKey("database"), "Configuration key '" + config.fullKey("database")
                    + "' must be a lower-case name (a-z, 0-9, _), but is '" + database + "'");
        }
        return new SourceDbConfig(config.port("tcp-port"), config.port("pg-port"), database, config.string("user"),
                config.string("password"), config.integer("orders", 100, 10_000_000), config.integer("seed", 0, Integer.MAX_VALUE));
    }
}
