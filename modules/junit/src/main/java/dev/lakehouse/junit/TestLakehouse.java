package dev.lakehouse.junit;

import dev.lakehouse.runtime.Lakehouse;
import org.apache.spark.sql.SparkSession;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * What one test class sees of the shared lakehouse: its own namespace and Kafka topic prefix, a SparkSession
 * whose current namespace is that namespace, and the lakehouse's endpoints.
 */
public final class TestLakehouse {
    private final Lakehouse lakehouse;
    private final String namespace;
    private final SparkSession spark;

    TestLakehouse(Lakehouse lakehouse, String namespace, SparkSession spark) {
        this.lakehouse = Objects.requireNonNull(lakehouse, "lakehouse");
        this.namespace = namespace;
        this.spark = spark;
    }

    /** Derives a namespace from the test class: readable, and unique to this run. */
    static String namespaceFor(Class<?> testClass, String unique) {
        String name = testClass.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        return name + "_" + unique;
    }

    public Lakehouse lakehouse() {
        return lakehouse;
    }

    /** This class's own namespace in the lakehouse catalog (the current namespace of {@link #spark()}). */
    public String namespace() {
        return namespace;
    }

    /** A SparkSession for this class: unqualified table names are this class's namespace's tables. */
    public SparkSession spark() {
        if (spark == null) {
            throw new IllegalStateException("spark is not among this test's services (@LakehouseTest(services = ...))");
        }
        return spark;
    }

    /** A Kafka topic name of this class's own: {@code topic("orders")} is NAMESPACE__orders. */
    public String topic(String name) {
        return namespace + "__" + name;
    }

    /** The fully qualified name of a table in this class's namespace, for engines that need it (Trino: iceberg.NS.T). */
    public String table(String name) {
        return namespace + "." + name;
    }

    public URI s3Endpoint() {
        return lakehouse.s3Endpoint();
    }

    public URI icebergRestUri() {
        return lakehouse.icebergRestUri();
    }

    public String kafkaBootstrapServers() {
        return lakehouse.kafkaBootstrapServers();
    }

    public String trinoJdbcUrl() {
        return lakehouse.trinoJdbcUrl();
    }
}
