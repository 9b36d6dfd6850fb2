package dev.lakehouse.runtime.console;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/**
 * Helidon web servers as the lakehouse runs them: on a host and port, stopped by their owner (no JVM shutdown hook:
 * the lakehouse stops its parts in order), and without Helidon's JVM-wide deserialization filter.
 * <p>
 * Why the filter is refused: a starting Helidon server installs a process-wide {@code ObjectInputFilter} that
 * rejects every class it has not been told about, and Spark ships its tasks to its executors with Java
 * serialization: with the filter in place every Spark job fails ("InvalidClassException: filter status:
 * REJECTED"). The console reads JSON only, so the filter protects nothing of its own.
 */
public final class WebServers {
    private static final String ON_NO_FILTER = "helidon.serialFilter.missing.action";
    private static final String ON_OTHER_FILTER = "helidon.serialFilter.failure.action";

    private WebServers() {
    }

    /** A server's configuration, to be given its routing. */
    public static WebServerConfig.Builder builder(String host, int port) {
        // read by Helidon each time a server starts; set before the first one, and left alone if the user set them
        if (System.getProperty(ON_NO_FILTER) == null) {
            System.setProperty(ON_NO_FILTER, "ignore");
        }
        if (System.getProperty(ON_OTHER_FILTER) == null) {
            System.setProperty(ON_OTHER_FILTER, "ignore");
        }
        return WebServer.builder().host(host).port(port).shutdownHook(false);
    }
}
