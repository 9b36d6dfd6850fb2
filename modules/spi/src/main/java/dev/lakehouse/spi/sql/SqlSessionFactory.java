package dev.lakehouse.spi.sql;

import java.net.URI;

/**
 * Opens SQL sessions to an engine's endpoint; found with ServiceLoader in the module that carries the
 * engine's client (the Spark Connect client lives in a class loader of its own).
 */
public interface SqlSessionFactory {
    /** "spark-connect", "trino", ... */
    String protocol();

    SqlSession open(URI endpoint) throws Exception;
}
