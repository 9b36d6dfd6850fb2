package dev.lakehouse.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.ui.SparkUI;
import org.sparkproject.jetty.server.Connector;
import org.sparkproject.jetty.server.ServerConnector;

/**
 * Spark's UI listens on SPARK_LOCAL_IP, an environment variable, or else on every address: no setting moves it, and a
 * lakehouse bound to 127.0.0.1 must not have a port open to the network. Once the UI runs, its connector is bound
 * again, on the same port, to the lakehouse's bind address.
 */
final class SparkUiAddress {
    private SparkUiAddress() {
    }

    static void bindTo(SparkContext context, String address) throws Exception {
        if (context.ui().isEmpty() || context.ui().get().serverInfo().isEmpty()) {
            return;
        }
        SparkUI ui = context.ui().get();
        for (Connector connector : ui.serverInfo().get().server().getConnectors()) {
            if (connector instanceof ServerConnector server && !address.equals(server.getHost())) {
                int port = server.getLocalPort();
                server.stop();
                server.setHost(address);
                server.setPort(port);
                startWhenThePortIsFree(server);
            }
        }
    }

    /**
     * The stopped connector's socket on every address may still be closing when the new one binds (an acceptor thread
     * blocked in accept() holds it until it wakes): the bind then fails for a moment, so it is tried again for up to 5 s.
     */
    private static void startWhenThePortIsFree(ServerConnector server) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                server.start();
                return;
            } catch (java.io.IOException e) {
                if (!(e.getCause() instanceof java.net.BindException) || System.nanoTime() > deadline) {
                    throw e;
                }
                server.stop();
                Thread.sleep(100);
            }
        }
    }
}
