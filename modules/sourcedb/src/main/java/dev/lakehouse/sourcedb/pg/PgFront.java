package dev.lakehouse.sourcedb.pg;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The source database's PostgreSQL endpoint: a small front for H2's PostgreSQL server, which listens on an internal
 * loopback port. It passes the wire protocol through and changes only what H2 gets wrong for psql, psycopg2 and the
 * PostgreSQL JDBC driver (see {@link PgSession}, {@link SqlRewriter}, {@link Replies}).
 */
public final class PgFront implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgFront.class);

    /** Why a connection is refused: a SQL state and PostgreSQL's message. */
    public record Refusal(String sqlState, String message) {
    }

    /** Checks a client's credentials before H2 sees them. */
    @FunctionalInterface
    public interface Authenticator {
        /** @return null to let the client in, else why not */
        Refusal check(String user, String database, String password);
    }

    private final String bindAddress;
    private final int port;
    private final String portKey;
    private final InetSocketAddress backend;
    private final Authenticator authenticator;
    private final Set<PgSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;
    private Thread acceptor;

    /**
     * @param bindAddress where clients connect
     * @param port the port clients connect to
     * @param portKey the configuration key that sets it (named when the port is taken)
     * @param backend H2's PostgreSQL server
     * @param authenticator checks passwords
     */
    public PgFront(String bindAddress, int port, String portKey, InetSocketAddress backend, Authenticator authenticator) {
        this.bindAddress = bindAddress;
        this.port = port;
        this.portKey = portKey;
        this.backend = backend;
        this.authenticator = authenticator;
    }

    /** Opens the port and accepts connections (on a thread of its own). */
    public PgFront start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 50);
        } catch (BindException e) {
            socket.close();
            throw new IOException("port " + port + " on " + bindAddress + " is already in use; stop what uses it, set "
                    + portKey + "=<another port>, or start with --ports random", e);
        }
        server = socket;
        acceptor = Thread.ofPlatform().daemon().name("sourcedb-pg-accept").start(() -> accept(socket));
        return this;
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                LOG.warn("PostgreSQL endpoint: accept failed: {}", e.toString());
                continue;
            }
            PgSession[] session = new PgSession[1];
            session[0] = new PgSession(client, backend, authenticator, () -> sessions.remove(session[0]));
            sessions.add(session[0]);
            if (server.isClosed()) {
                // close() ran between accept and add: it did not see this session
                session[0].closeQuietly();
                return;
            }
            Thread.ofPlatform().daemon().name("sourcedb-pg-" + connections.incrementAndGet()).start(session[0]::run);
        }
    }

    public int port() {
        return server == null ? port : server.getLocalPort();
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sessions.forEach(PgSession::closeQuietly);
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }
}
