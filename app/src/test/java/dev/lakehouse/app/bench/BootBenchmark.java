package dev.lakehouse.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.app.it.LakehouseProcess;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Cold boots of lakehouse.jar as a user runs it: a fresh data directory each time, from the moment
 * {@code java -jar} is spawned until /health answers 200 (so the launcher, the relaunch and every
 * component are inside the figure). The payload cache is warm: one unmeasured boot fills it first.
 */
final class BootBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Boot(double totalMs, Map<String, Long> serviceMs, long rssKb, double stopMs) {
    }

    private BootBenchmark() {
    }

    static List<Boot> run(List<String> services, int runs, List<String> extraArgs) throws Exception {
        boot(services, extraArgs); // fills the payload cache; not counted
        List<Boot> boots = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            boots.add(boot(services, extraArgs));
        }
        return boots;
    }

    static void report(Results results, String section, String label, List<Boot> boots, String bootTarget, String rssTarget) {
        results.add(section, label + ": boot-to-ready (median of " + boots.size() + ")",
                Results.median(boots.stream().map(Boot::totalMs).toList()), "ms", bootTarget, "java -jar to /health 200");
        boots.getFirst().serviceMs().keySet().forEach(service -> results.add(section, label + ": " + service + " start",
                Results.median(boots.stream().map(b -> b.serviceMs().getOrDefault(service, 0L)).toList()), "ms", "",
                "its Service.start(), from /api/status"));
        results.add(section, label + ": RSS after boot", Results.median(boots.stream().map(b -> b.rssKb() / 1024.0).toList()),
                "MB", rssTarget, "the lakehouse JVM (not the launcher)");
        results.add(section, label + ": stop (SIGTERM to exit)", Results.median(boots.stream().map(Boot::stopMs).toList()),
                "ms", "", "");
    }

    private static Boot boot(List<String> services, List<String> extraArgs) throws Exception {
        Path dataDir = Files.createTempDirectory("lakehouse-bench");
        int consolePort = freePort();
        List<String> args = new ArrayList<>(List.of("--services", String.join(",", services), "--ports", "random",
                "--set", "console.port=" + consolePort));
        args.addAll(extraArgs);
        URI health = URI.create("http://127.0.0.1:" + consolePort + "/health");
        long begin = System.nanoTime();
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, args.toArray(String[]::new));
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            long deadline = begin + Duration.ofMinutes(5).toNanos();
            while (true) {
                if (System.nanoTime() > deadline || !lakehouse.process().isAlive()) {
                    throw new IllegalStateException("no ready lakehouse: " + lakehouse.stdout() + lakehouse.stderr());
                }
                try {
                    if (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // console not listening yet
                }
                Thread.sleep(10);
            }
            double totalMs = (System.nanoTime() - begin) / 1e6;
            JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consolePort + "/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            Map<String, Long> serviceMs = new LinkedHashMap<>();
            status.path("services").properties().forEach(e -> serviceMs.put(e.getKey(), e.getValue().path("startMillis").asLong()));
            long pid = status.path("pid").asLong();
            long rss = Machine.rssKb(pid);
            long stopBegin = System.nanoTime();
            lakehouse.stop();
            double stopMs = (System.nanoTime() - stopBegin) / 1e6;
            return new Boot(totalMs, serviceMs, rss, stopMs);
        } finally {
            deleteTree(dataDir);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
