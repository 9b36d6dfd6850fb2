package dev.lakehouse.sourcedb;

import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceConfig;
import dev.lakehouse.spi.ServiceContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real source database service, created as the runtime creates it (through its factory), on free ports over a
 * data directory of the test's. Small seed (1000 orders) so a start takes about a second.
 */
final class TestSourceDb implements AutoCloseable {
    static final String USER = "lakehouse";
    static final String PASSWORD = "lakehouse";
    static final String DATABASE = "shop";

    final int tcpPort;
    final int pgPort;
    final Service service;

    TestSourceDb(Path dataDir) throws Exception {
        this(dataDir, freePort(), freePort());
    }

    TestSourceDb(Path dataDir, int tcpPort, int pgPort) throws Exception {
        this.tcpPort = tcpPort;
        this.pgPort = pgPort;
        ServiceConfig config = new ServiceConfig("sourcedb", Map.of("tcp-port", String.valueOf(tcpPort),
                "pg-port", String.valueOf(pgPort), "database", DATABASE, "user", USER, "password", PASSWORD,
                "orders", "1000", "seed", "42"));
        service = new SourceDbServiceFactory().create(new Context(dataDir, config));
        config.checkAllUsed();
    }

    TestSourceDb start() throws Exception {
        service.start();
        return this;
    }

    String jdbcUrl() {
        return service.endpoints().stream().filter(e -> e.name().equals("jdbc")).findFirst().orElseThrow().uri().toString();
    }

    @Override
    public void close() throws Exception {
        service.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Context(Path dataDir, ServiceConfig config) implements ServiceContext {
        @Override
        public String bindAddress() {
            return "127.0.0.1";
        }

        @Override
        public String advertisedHost() {
            return "127.0.0.1";
        }

        @Override
        public Endpoint endpoint(String service, String endpointName) {
            throw new IllegalStateException("sourcedb has no dependencies");
        }

        @Override
        public Endpoint awaitEndpoint(String service, String endpointName) {
            throw new IllegalStateException("sourcedb has no dependencies");
        }

        @Override
        public boolean enabled(String service) {
            return false;
        }
    }

    /** Runs the service for manual tries: {@code TestSourceDb <data-dir> <pg-port>}. */
    public static void main(String[] args) throws Exception {
        try (TestSourceDb db = new TestSourceDb(Path.of(args[0]), freePort(), Integer.parseInt(args[1])).start()) {
            System.out.println("ready on " + db.pgPort);
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
