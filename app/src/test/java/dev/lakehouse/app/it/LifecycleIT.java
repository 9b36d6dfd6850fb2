package dev.lakehouse.app.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Starting, stopping and failing, through lakehouse.jar as a user runs it. */
class LifecycleIT {
    private static final Duration BOOT = Duration.ofMinutes(2);

    @Test
    void anObjectSurvivesARestartAndSigtermStopsEverything(@TempDir Path dataDir) throws Exception {
        try (LakehouseProcess first = LakehouseProcess.start(dataDir, "--services", "storage", "--ports", "random").awaitReady(BOOT);
             S3Client s3 = S3Clients.awsSdk(first)) {
            s3.putObject(b -> b.bucket("warehouse").key("restart/kept.txt"), RequestBody.fromString("still here"));
            List<ProcessHandle> tree = first.process().descendants().toList();
            assertThat(tree).as("the launcher runs the stack in one child JVM").hasSize(1);

            assertThat(first.stop()).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(tree).allSatisfy(child -> assertThat(child.isAlive()).isFalse());
            assertThat(first.stdout()).contains("storage   stopped", "lakehouse stopped.");
            assertThat(dataDir.resolve("run/endpoints.json")).doesNotExist();
            assertThat(logOf(dataDir)).contains("Stopping storage", "lakehouse stopped");
        }
        try (LakehouseProcess second = LakehouseProcess.start(dataDir, "--services", "storage", "--ports", "random").awaitReady(BOOT);
             S3Client s3 = S3Clients.awsSdk(second)) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket("warehouse").key("restart/kept.txt")).asUtf8String()).isEqualTo("still here");
        }
    }

    @Test
    void aPortInUseFailsWithOneLineNamingStorageAndThePort(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            LakehouseProcess.Result result = LakehouseProcess.run(dataDir, BOOT,
                    "--services", "storage", "--ports", "random", "--set", "storage.port=" + port);

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.errorLines()).hasSize(1);
            assertThat(result.errorLines().getFirst()).contains("storage", String.valueOf(port), "in use", ".log");
            assertThat(dataDir.resolve("run/endpoints.json")).doesNotExist();
        }
    }

    @Test
    void anUnknownConfigurationKeyIsAnErrorNamingIt(@TempDir Path dataDir) throws Exception {
        LakehouseProcess.Result typo = LakehouseProcess.run(dataDir, BOOT, "--services", "storage", "--set", "storage.prot=9100");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.errorLines()).singleElement().asString().contains("storage.prot", "storage.port");
        assertThat(dataDir.resolve("logs")).as("a configuration refused creates nothing").doesNotExist();

        LakehouseProcess.Result badValue = LakehouseProcess.run(dataDir, BOOT, "--services", "storage", "--set", "storage.port=ninety");
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.errorLines()).singleElement().asString().contains("storage.port", "ninety");

        Path config = dataDir.resolve("my.properties");
        Files.writeString(config, "storage.secret_key=x\n");
        LakehouseProcess.Result inFile = LakehouseProcess.run(dataDir, BOOT, "--config", config.toString());
        assertThat(inFile.exitCode()).isEqualTo(2);
        assertThat(inFile.errorLines()).singleElement().asString().contains("storage.secret_key", config.toString());

        LakehouseProcess.Result unknownService = LakehouseProcess.run(dataDir, BOOT, "--services", "storage,lakehouse-magic");
        assertThat(unknownService.exitCode()).isEqualTo(2);
        assertThat(unknownService.errorLines()).singleElement().asString().contains("lakehouse-magic");
    }

    @Test
    void anEnvironmentVariableSetsAKey(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        try (LakehouseProcess lakehouse = LakehouseProcess.startWith(LakehouseProcess.java(), dataDir,
                Map.of("LAKEHOUSE_STORAGE_PORT", String.valueOf(port), "LAKEHOUSE_STORAGE_ACCESS_KEY", "trainee"),
                "--services", "storage", "--ports", "random").awaitReady(BOOT)) {
            assertThat(lakehouse.endpoint("storage", "s3").getPort()).isEqualTo(port);
            assertThat(lakehouse.endpointProperty("storage", "s3", "access-key")).isEqualTo("trainee");
        }
    }

    @Test
    void healthIs503WhileBootingAnd200OnceReady(@TempDir Path dataDir) throws Exception {
        int consolePort = freePort();
        URI health = URI.create("http://127.0.0.1:" + consolePort + "/health");
        List<Integer> answers = new ArrayList<>();
        // the catalog takes seconds to start, the console's web server (started beside it) a fraction of one: /health
        // answers while the boot goes on (a storage-only stack can be ready before the console answers at all)
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, "--services", "catalog", "--ports", "random",
                "--set", "console.port=" + consolePort);
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            long deadline = System.nanoTime() + BOOT.toNanos();
            while (System.nanoTime() < deadline && (answers.isEmpty() || answers.getLast() != 200)) {
                try {
                    answers.add(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                } catch (IOException notListeningYet) {
                    Thread.sleep(5);
                }
            }
            assertThat(answers).as("/health answers during the boot").contains(503).endsWith(200);
            assertThat(answers.subList(0, answers.indexOf(200))).containsOnly(503);

            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consolePort + "/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"status\" : \"UP\"", "\"storage\"", "S3Proxy", "\"version\"", "\"uptimeSeconds\"",
                    dataDir.toString());
        }
    }

    @Test
    void statusFindsTheRunningStackThroughItsDataDir(@TempDir Path dataDir) throws Exception {
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, "--services", "storage", "--ports", "random").awaitReady(BOOT)) {
            LakehouseProcess.Result status = LakehouseProcess.run(dataDir, BOOT, "status");
            assertThat(status.exitCode()).isZero();
            assertThat(status.stdout()).contains("UP", "storage", "READY", lakehouse.endpoint("storage", "s3").toString());

            LakehouseProcess.Result second = LakehouseProcess.run(dataDir, BOOT, "--services", "storage", "--ports", "random");
            assertThat(second.exitCode()).as("a second lakehouse on the same data dir").isEqualTo(1);
            assertThat(second.errorLines()).singleElement().asString().contains("in use by another lakehouse");
        }
        LakehouseProcess.Result stopped = LakehouseProcess.run(dataDir, BOOT, "status");
        assertThat(stopped.exitCode()).isEqualTo(3);
        assertThat(stopped.errorLines()).singleElement().asString().contains("no lakehouse is running");
    }

    @Test
    void anOlderJavaRunsTheJarOnAJdk25ItFinds(@TempDir Path dataDir) throws Exception {
        Path java17 = Stream.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "/usr/lib/jvm/java-21-openjdk-amd64/bin/java")
                .map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("this test needs an older JDK (Debian's default JDK 17)"));
        // JAVA_HOME pointing at the old JDK, as on a machine where nobody set it up: /usr/lib/jvm has the JDK 25
        try (LakehouseProcess old = LakehouseProcess.startWith(java17.toString(), dataDir,
                Map.of("JAVA_HOME", java17.getParent().getParent().toString()), "status")) {
            assertThat(old.waitForExit(Duration.ofSeconds(60))).as(old.stderr()).isEqualTo(3);
            assertThat(old.stderr().lines().filter(l -> !l.isBlank()).toList()).singleElement().asString()
                    .contains("no lakehouse is running on " + dataDir, "-jar");
        }
    }

    private static String logOf(Path dataDir) throws IOException {
        try (Stream<Path> logs = Files.list(dataDir.resolve("logs"))) {
            Path log = logs.max(Path::compareTo).orElseThrow();
            return Files.readString(log);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
