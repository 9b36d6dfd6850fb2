package dev.lakehouse.metastore;

import com.facebook.fb303.fb_status;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;

import java.util.List;

/**
 * Thrift calls to the metastore, as any client makes them, for readiness and /health. One connection, kept: HMS sets
 * up and tears down an object store per connection (ten lines of log each), which a probe every few seconds must not
 * cost.
 */
final class ThriftProbe implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 5000;

    private final String host;
    private final int port;
    private TSocket socket;
    private ThriftHiveMetastore.Client client;

    ThriftProbe(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The databases: an answer means the handler, its object store and the Derby schema all work. */
    synchronized List<String> databases() throws TException {
        try {
            return connected().get_all_databases();
        } catch (TException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Whether the server says it is alive (fb303's status call: no database work, no audit line). */
    synchronized boolean alive() throws TException {
        try {
            return connected().getStatus() == fb_status.ALIVE;
        } catch (TException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private ThriftHiveMetastore.Client connected() throws TException {
        if (client == null) {
            socket = new TSocket(host, port, TIMEOUT_MILLIS);
            socket.open();
            client = new ThriftHiveMetastore.Client(new TBinaryProtocol(socket));
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
        }
        socket = null;
        client = null;
    }
}
