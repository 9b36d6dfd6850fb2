package dev.lakehouse.sparkconnect;

import dev.lakehouse.spi.sql.SqlSession;
import dev.lakehouse.spi.sql.SqlSessionFactory;
import org.apache.spark.sql.connect.SparkSession;

import java.net.URI;

/** Sessions over Spark Connect (sc://host:port) with Spark's JVM client. */
public final class SparkConnectSessionFactory implements SqlSessionFactory {
    @Override
    public String protocol() {
        return "spark-connect";
    }

    @Override
    public SqlSession open(URI endpoint) {
        return new SparkConnectSqlSession(SparkSession.builder().remote(endpoint.toString()).getOrCreate());
    }
}
