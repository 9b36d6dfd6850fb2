package dev.lakehouse.spark;

import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import dev.lakehouse.spi.ServiceFactory;
import org.apache.iceberg.IcebergBuild;

import java.util.Set;

/** The "spark" component: a SparkSession in this JVM on the lakehouse's catalog, with Spark Connect. */
public final class SparkServiceFactory implements ServiceFactory {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public String description() {
        return "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + " + Iceberg " + IcebergBuild.version();
    }

    @Override
    public Set<String> dependencies() {
        return Set.of("storage", "catalog");
    }

    /** spark_catalog is on the metastore, when the lakehouse runs one. */
    @Override
    public Set<String> startsAfter() {
        return Set.of("metastore");
    }

    /** Spark's context takes longest to start and needs neither storage nor the catalog to do so. */
    @Override
    public boolean startsAlongsideDependencies() {
        return true;
    }

    @Override
    public Service create(ServiceContext context) {
        return new SparkService(SparkConfig.from(context.config()), context);
    }
}
