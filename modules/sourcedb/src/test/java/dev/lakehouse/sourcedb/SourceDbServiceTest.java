package dev.lakehouse.sourcedb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's life: ports released on close, a restart on the same data, a port in use named. */
class SourceDbServiceTest {
    @TempDir
    Path dataDir;

    @Test
    void closeReleasesPortsAndConnectionsAndARestartServesTheSameData() throws Exception {
        int tcpPort = TestSourceDb.freePort();
        int pgPort = TestSourceDb.freePort();
        Socket idle;
        try (TestSourceDb db = new TestSourceDb(dataDir, tcpPort, pgPort).start()) {
            try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/shop",
                    TestSourceDb.USER, TestSourceDb.PASSWORD); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id INT)");
                statement.execute("INSERT INTO kept VALUES (42)");
            }
            idle = new Socket(InetAddress.getLoopbackAddress(), pgPort);
        }
        // the front closed the connection it had accepted, and both ports are free again
        idle.setSoTimeout(5000);
        try (InputStream in = idle.getInputStream()) {
            assertThat(in.read()).isEqualTo(-1);
        }
        for (int port : new int[] {tcpPort, pgPort}) {
            try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(ignored.isBound()).isTrue();
            }
        }
        try (TestSourceDb db = new TestSourceDb(dataDir, tcpPort, pgPort).start();
             Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/shop",
                     TestSourceDb.USER, TestSourceDb.PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT k.id, (SELECT count(*) FROM pg_catalog.pg_tables t "
                     + "WHERE t.tablename = 'kept') FROM kept k")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
            assertThat(rows.getInt(2)).isEqualTo(1);
            // the JDBC endpoint is H2's, unchanged
            try (Connection h2 = DriverManager.getConnection(db.jdbcUrl(), TestSourceDb.USER, TestSourceDb.PASSWORD)) {
                assertThat(h2.getMetaData().getDatabaseProductName()).isEqualTo("H2");
            }
        }
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int tcpPort = TestSourceDb.freePort();
            TestSourceDb db = new TestSourceDb(dataDir, tcpPort, taken.getLocalPort());
            assertThatThrownBy(db::start).hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use").hasMessageContaining("sourcedb.pg-port");
            // nothing was left running: the TCP port is free
            try (ServerSocket ignored = new ServerSocket(tcpPort, 1, InetAddress.getLoopbackAddress())) {
                assertThat(ignored.isBound()).isTrue();
            }
            db.close();
        }
    }
}
