package dev.lakehouse.app.it;

import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A lakehouse bound to an address of this machine that is not loopback: every endpoint with a standard way to
 * authenticate requires it, each client configured the standard way (Trino's JDBC driver with a password over TLS,
 * Iceberg's RESTCatalog and Nessie with a bearer token, kcat with SASL/PLAIN, the control API with a bearer token);
 * without the credentials each refuses. Inside, the pipelines and the command line keep working.
 */
class ExposureIT {
    private static final Duration BOOT = Duration.ofMinutes(3);
    private static final Duration RUN = Duration.ofMinutes(3);
    private static final String TRINO_PASSWORD = "trino-pw-of-mine";
    private static final String CATALOG_TOKEN = "catalog-t0ken-of-mine";
    private static final String KAFKA_PASSWORD = "kafka-pw-of-mine";
    private static final String CONSOLE_TOKEN = "console-t0ken-of-mine";
    private static final String CONNECT_TOKEN = "connect-t0ken-of-mine";

    @Test
    void beyondLoopbackEveryEndpointWantsItsCredentialsAndTheLakehouseStillWorksInside(@TempDir Path dataDir) throws Exception {
        Optional<String> address = networkAddress();
        assumeTrue(address.isPresent(), "this machine has no IPv4 address other than loopback: nothing to bind beyond it");
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, "--services", "kafka,trino,spark,sourcedb", "--ports", "random",
                "--set", "lakehouse.bind-address=" + address.get(),
                "--set", "storage.access-key=me", "--set", "storage.secret-key=s3-secret-of-mine", "--set", "sourcedb.password=pg-of-mine",
                "--set", "trino.password=" + TRINO_PASSWORD, "--set", "catalog.token=" + CATALOG_TOKEN,
                "--set", "kafka.password=" + KAFKA_PASSWORD, "--set", "console.token=" + CONSOLE_TOKEN, "--set", "spark.connect-token=" + CONNECT_TOKEN,
                "--set", "sourcedb.orders=500", "--set", "spark.ui-enabled=false").awaitReady(BOOT)) {
            console(lakehouse);
            trino(lakehouse);
            catalog(lakehouse);
            String bootstrap = lakehouse.endpointProperty("kafka", "bootstrap", "bootstrap-servers");
            assertThat(bootstrap).startsWith(address.get() + ":");
            kafka(bootstrap);
            sparkConnect(lakehouse);

            // inside: the control API's producer, the streaming pipeline and the medallion log in by themselves
            LakehouseProcess.Result produce = LakehouseProcess.run(dataDir, RUN, "produce", "--topic", "sensors", "--count", "200");
            assertThat(produce.exitCode()).as(produce.stdout() + produce.stderr()).isZero();
            LakehouseProcess.Result stream = LakehouseProcess.run(dataDir, RUN, "pipeline", "run", "sensors-streaming", "--until-idle");
            assertThat(stream.exitCode()).as(stream.stdout() + stream.stderr()).isZero();
            LakehouseProcess.Result medallion = LakehouseProcess.run(dataDir, RUN, "pipeline", "run", "medallion");
            assertThat(medallion.exitCode()).as(medallion.stdout() + medallion.stderr()).isZero();
            LakehouseProcess.Result bronze = LakehouseProcess.run(dataDir, RUN, "sql", "-e", "SELECT count(*) AS readings FROM iot.sensors_bronze");
            assertThat(bronze.exitCode()).as(bronze.stderr()).isZero();
            assertThat(bronze.stdout().lines().map(String::strip).toList()).as(bronze.stdout()).contains("202");
            LakehouseProcess.Result gold = LakehouseProcess.run(dataDir, RUN, "sql", "--engine", "spark", "-e",
                    "SELECT count(*) > 0 AS filled FROM gold.revenue_by_country_month");
            assertThat(gold.exitCode()).as(gold.stderr()).isZero();
            assertThat(gold.stdout()).contains("true");
        }
    }

    /** /health stays open; /api wants the token, which the command line reads from the run file. */
    private static void console(LakehouseProcess lakehouse) throws Exception {
        URI console = lakehouse.consoleUri();
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(http.send(HttpRequest.newBuilder(console.resolve("/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(console.resolve("/api/status")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(console.resolve("/api/status")).header("Authorization", "Bearer wrong").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(console.resolve("/api/status"))
                    .header("Authorization", "Bearer " + CONSOLE_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).as("no secret over HTTP").doesNotContain(TRINO_PASSWORD, CATALOG_TOKEN, KAFKA_PASSWORD, CONSOLE_TOKEN);
        }
        LakehouseProcess.Result status = LakehouseProcess.run(lakehouse.dataDir(), RUN, "status");
        assertThat(status.exitCode()).as(status.stdout() + status.stderr()).isZero();
        assertThat(status.stdout()).contains("UP");
    }

    /** The JDBC driver over TLS (trusting the certificate the lakehouse made), with a password; without one, refused. */
    private static void trino(LakehouseProcess lakehouse) throws Exception {
        URI trino = lakehouse.endpoint("trino", "http");
        assertThat(trino.getScheme()).isEqualTo("https");
        String certificate = lakehouse.endpointProperty("trino", "http", "ssl-truststore-path");
        assertThat(Path.of(certificate)).exists();
        String url = "jdbc:trino://" + trino.getHost() + ":" + trino.getPort() + "?SSL=true&SSLTrustStorePath=" + certificate;

        assertThatThrownBy(() -> query(url, "someone", null, "SELECT 1")).isInstanceOf(SQLException.class)
                .hasMessageContaining("Unauthorized");
        assertThatThrownBy(() -> query(url, "someone", "wrong", "SELECT 1")).isInstanceOf(SQLException.class)
                .hasMessageContaining("Invalid credentials");
        assertThat(query(url, "someone", TRINO_PASSWORD, "SELECT count(*) FROM tpch.tiny.region")).containsExactly("5");

        // Trino's own CLI, the same way
        Path cli = Path.of(System.getProperty("trino.cli.jar", "target/trino-cli/trino-cli.jar"));
        ProcessBuilder command = new ProcessBuilder(LakehouseProcess.java(), "-jar", cli.toString(), "--server", trino.toString(),
                "--truststore-path", certificate, "--user", "cli", "--password", "--output-format", "CSV_UNQUOTED",
                "--execute", "SELECT count(*) FROM tpch.tiny.nation").redirectError(ProcessBuilder.Redirect.DISCARD);
        command.environment().put("TRINO_PASSWORD", TRINO_PASSWORD);
        Process process = command.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines().toList()).containsExactly("25");
    }

    /** Iceberg's RESTCatalog with its token property, Nessie's API with the same bearer token; without, 401. */
    private static void catalog(LakehouseProcess lakehouse) throws Exception {
        assertThatThrownBy(() -> IcebergClients.restCatalog(lakehouse, "main").close())
                .hasMessageContaining("Not authorized");
        try (RESTCatalog catalog = IcebergClients.restCatalog(lakehouse, "main", Map.of("token", CATALOG_TOKEN))) {
            catalog.createNamespace(Namespace.of("exposed"));
            assertThat(catalog.namespaceExists(Namespace.of("exposed"))).isTrue();
        }
        URI trees = URI.create(lakehouse.endpoint("catalog", "nessie") + "/trees");
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(http.send(HttpRequest.newBuilder(trees).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(trees).header("Authorization", "Bearer " + CATALOG_TOKEN).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }
    }

    /**
     * Spark Connect wants its token; Spark's client sends one only over TLS or to localhost, so a remote client comes
     * through a tunnel (here a TCP forward from loopback, as {@code ssh -L} would be).
     */
    private static void sparkConnect(LakehouseProcess lakehouse) throws Exception {
        URI connect = lakehouse.endpoint("spark", "connect");
        ConnectRun refused = connectClient(connect.toString(), "SELECT 1");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("UNAUTHENTICATED");
        try (TcpForward tunnel = TcpForward.to(connect.getHost(), connect.getPort())) {
            ConnectRun served = connectClient("sc://localhost:" + tunnel.port() + "/;token=" + CONNECT_TOKEN, "SELECT 41 + 1");
            assertThat(served.exitCode()).as(served.output()).isZero();
            assertThat(served.output().lines().filter(line -> line.startsWith("row "))).containsExactly("row 42");
        }
    }

    private record ConnectRun(int exitCode, String output) {
    }

    private static ConnectRun connectClient(String uri, String sql) throws Exception {
        List<String> command = new ArrayList<>(List.of(LakehouseProcess.java()));
        command.addAll(java.util.Arrays.stream(System.getProperty("lakehouse.jvm.flags", "").split("\\s+")).filter(s -> !s.isBlank()).toList());
        command.addAll(List.of("-cp", SparkConnectIT.clientClassPath(), dev.lakehouse.app.it.connect.SparkConnectClientMain.class.getName(), uri, sql));
        Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
        client.getOutputStream().close();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new ConnectRun(client.exitValue(), output);
    }

    /** A TCP forward from a free loopback port to a remote one: what an SSH tunnel gives a client. */
    private static final class TcpForward implements AutoCloseable {
        private final java.net.ServerSocket server;

        private TcpForward(java.net.ServerSocket server) {
            this.server = server;
        }

        static TcpForward to(String host, int port) throws Exception {
            java.net.ServerSocket server = new java.net.ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        java.net.Socket local = server.accept();
                        java.net.Socket remote = new java.net.Socket(host, port);
                        Thread.ofVirtual().start(() -> pipe(local, remote));
                        Thread.ofVirtual().start(() -> pipe(remote, local));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            return new TcpForward(server);
        }

        private static void pipe(java.net.Socket from, java.net.Socket to) {
            try (from; to) {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (java.io.IOException e) {
                // one side closed: both go
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }

    /** kcat without SASL gets no metadata; with SASL/PLAIN it produces. */
    private static void kafka(String bootstrap) throws Exception {
        assertThat(kcat(List.of("-L", "-b", bootstrap, "-m", "5"), null).exitCode()).as("no SASL").isNotZero();
        List<String> sasl = List.of("-b", bootstrap, "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN",
                "-X", "sasl.username=lakehouse", "-X", "sasl.password=");
        List<String> wrong = new ArrayList<>(sasl);
        wrong.set(wrong.size() - 1, "sasl.password=wrong");
        wrong.addAll(List.of("-L", "-m", "5"));
        assertThat(kcat(wrong, null).exitCode()).as("a wrong password").isNotZero();
        List<String> produce = new ArrayList<>(sasl);
        produce.set(produce.size() - 1, "sasl.password=" + KAFKA_PASSWORD);
        produce.addAll(List.of("-P", "-t", "sensors"));
        Kcat produced = kcat(produce, "{\"sensor_id\":\"sensor-900\",\"temperature\":20.5,\"event_time\":\"2026-11-30T10:00:00Z\",\"seq\":0}\n"
                + "{\"sensor_id\":\"sensor-901\",\"temperature\":21.5,\"event_time\":\"2026-11-30T10:00:01Z\",\"seq\":1}\n");
        assertThat(produced.exitCode()).as(produced.output()).isZero();
    }

    private record Kcat(int exitCode, String output) {
    }

    private static Kcat kcat(List<String> arguments, String input) throws Exception {
        List<String> command = new ArrayList<>(List.of("kcat"));
        command.addAll(arguments);
        Path stdin = Files.createTempFile("kcat-input", ".txt");
        Files.writeString(stdin, input == null ? "" : input);
        Process process = new ProcessBuilder(command).redirectInput(stdin.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as(output).isTrue();
        Files.delete(stdin);
        return new Kcat(process.exitValue(), output);
    }

    private static List<String> query(String url, String user, String password, String sql) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        try (Connection connection = new io.trino.jdbc.TrinoDriver().connect(url, properties); Statement statement = connection.createStatement();
             ResultSet results = statement.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (results.next()) {
                rows.add(results.getString(1));
            }
            return rows;
        }
    }

    /** An IPv4 address of this machine that is up and not loopback (nor link-local), if there is one. */
    /** An IPv4 address of this machine other than loopback, to bind to (also ConsoleBeyondLoopbackIT's). */
    static Optional<String> networkAddress() throws Exception {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address.getHostAddress());
                }
            }
        }
        return Optional.empty();
    }
}
