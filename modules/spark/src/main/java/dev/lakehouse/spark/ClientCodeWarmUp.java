package dev.lakehouse.spark;

import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.ServiceContext;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Loads the code a session's first statement on the lakehouse catalog needs (Spark's SQL parser, Iceberg's
 * REST client) on a thread of its own while the SparkContext starts. Loading classes is most of a first
 * statement's time, and while the SparkContext starts, once the catalog is up, the second core has little
 * else to do; afterwards the first statement runs alone on one core. Nothing here changes state: a failure
 * only means the first statement loads the code itself.
 */
final class ClientCodeWarmUp implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCodeWarmUp.class);

    private final ServiceContext context;

    private ClientCodeWarmUp(ServiceContext context) {
        this.context = context;
    }

    static void startBeside(ServiceContext context) {
        Thread thread = new Thread(new ClientCodeWarmUp(context), "lakehouse-spark-client-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        try {
            Endpoint iceberg = context.awaitEndpoint("catalog", "iceberg");
            Endpoint s3 = context.awaitEndpoint("storage", "s3");
            new SparkSqlParser().parsePlan("CREATE NAMESPACE IF NOT EXISTS `warm_up`");
            Map<String, String> properties = new HashMap<>(LakehouseSparkSessions.restClientProperties(iceberg, s3));
            properties.put("warehouse", iceberg.property("default-branch"));
            try (RESTCatalog catalog = new RESTCatalog()) {
                catalog.initialize("warm-up", properties);
                catalog.namespaceExists(Namespace.of("warm_up"));
            }
            LOG.debug("client code loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError e) {
            LOG.debug("client code warm-up failed; the first statement loads it instead", e);
        }
    }
}
