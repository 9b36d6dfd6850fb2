package dev.lakehouse.spark;

import org.apache.iceberg.rest.RESTCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Iceberg REST clients of this JVM: one per catalog name and settings, shared by every Spark session.
 * Spark builds a catalog per session (a SQL session, a pipeline run, a Spark Connect client, each its own), and
 * an Iceberg REST client holds a thread, an HTTP connection pool and S3 clients until it is closed - which Spark
 * never does. A client per session grew the lakehouse by a thread and a few sockets per run, without end. A
 * client is closed when its branch is gone (the write-audit-publish branch of every medallion run is) and when
 * the lakehouse stops.
 */
final class SharedRestClients {
    private static final Logger LOG = LoggerFactory.getLogger(SharedRestClients.class);
    private static final Map<Key, RESTCatalog> CLIENTS = new ConcurrentHashMap<>();

    /** The client's catalog name and the properties it was initialized with; warehouse is the branch. */
    record Key(String name, Map<String, String> properties) {
        Key {
            properties = Map.copyOf(properties);
        }

        String branch() {
            return properties.get("warehouse");
        }
    }

    private SharedRestClients() {
    }

    /** The client for {@code key}, made (and its catalog asked for its configuration) on first use. */
    static RESTCatalog client(Key key, Object hadoopConf) {
        return CLIENTS.computeIfAbsent(key, k -> open(k, hadoopConf));
    }

    private static RESTCatalog open(Key key, Object hadoopConf) {
        RESTCatalog client = new RESTCatalog();
        if (hadoopConf != null) {
            client.setConf(hadoopConf);
        }
        client.initialize(key.name(), key.properties());
        LOG.debug("spark: Iceberg REST client for catalog {} (branch {})", key.name(), key.branch());
        return client;
    }

    /** Closes the clients of every branch not in {@code branches} (the ones Nessie has now); returns how many. */
    static int retainBranches(Set<String> branches) {
        int closed = 0;
        for (Key key : Set.copyOf(CLIENTS.keySet())) {
            String branch = key.branch();
            int at = branch == null ? -1 : branch.indexOf('@');
            if (!branches.contains(at < 0 ? branch : branch.substring(0, at))) {
                RESTCatalog client = CLIENTS.remove(key);
                if (client != null) {
                    close(key, client);
                    closed++;
                }
            }
        }
        return closed;
    }

    static int size() {
        return CLIENTS.size();
    }

    /** When the lakehouse stops or this JVM's catalog settings change. */
    static void closeAll() {
        for (Key key : Set.copyOf(CLIENTS.keySet())) {
            RESTCatalog client = CLIENTS.remove(key);
            if (client != null) {
                close(key, client);
            }
        }
    }

    private static void close(Key key, RESTCatalog client) {
        try {
            client.close();
            LOG.debug("spark: closed the Iceberg REST client of catalog {} (branch {})", key.name(), key.branch());
        } catch (IOException | RuntimeException e) {
            LOG.warn("spark: closing the Iceberg REST client of catalog {} failed: {}", key.name(), e.toString());
        }
    }
}
