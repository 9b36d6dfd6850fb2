package dev.lakehouse.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that runs against a real lakehouse in this JVM, no Docker:
 * <pre>{@code
 * @LakehouseTest(services = "spark")
 * class MyPipelineTest {
 *     @Test
 *     void writesTheTable(SparkSession spark, TestLakehouse lakehouse) {
 *         spark.sql("CREATE TABLE orders (id BIGINT) USING iceberg");   // in this class's own namespace
 *     }
 * }
 * }</pre>
 * The services (and what they need) start once per test JVM on free ports in a temporary data directory,
 * shared by every class that asks for the same ones, and stop when the JVM's tests are done. Each class
 * gets its own namespace (its SparkSession's current one) and Kafka topic prefix, so classes running in
 * parallel never see each other's data. Test methods and lifecycle methods can take
 * {@link dev.lakehouse.runtime.Lakehouse}, {@link org.apache.spark.sql.SparkSession} and
 * {@link TestLakehouse} parameters.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LakehouseExtension.class)
public @interface LakehouseTest {
    /** The components to run, e.g. "spark" (with storage and the catalog) or "storage"; default: spark. */
    String[] services() default {"spark"};

    /**
     * Configuration over the fixture's defaults, KEY=VALUE (see conf/lakehouse.properties). The fixture's own
     * defaults favour a fast start: no Spark UI, no Spark Connect, no warm-up query.
     */
    String[] settings() default {};
}
