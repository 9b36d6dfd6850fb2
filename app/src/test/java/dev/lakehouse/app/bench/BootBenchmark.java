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

    /** No JDK AOT cache (LAKEHOUSE_AOT=off), for the with/without comparison in one run. */
    static final Map<String, String> WITHOUT_AOT = Map.of("LAKEHOUSE_AOT", "off");

    /**
     * A start of the whole stack, stopped once ready: fills the payload cache and records the JDK AOT cache
     * (the launcher records on a full start and builds the cache when it stops). Not measured.
     */
    static void prepare() throws Exception {
        boot(List.of(), List.of(), Map.of());
    }

    static List<Boot> run(List<String> services, int runs, List<String> extraArgs) throws Exception {
        return run(services, runs, extraArgs, Map.of());
    }

    static List<Boot> run(List<String> services, int runs, List<String> extraArgs, Map<String, String> environment) throws Exception {
        List<Boot> boots = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            boots.add(boot(services, extraArgs, environment));
        }
        return boots;
    }

    /** The set booted with the AOT cache and without it, alternating, and the ratio of the medians. */
    static void compare(Results results, String label, List<String> services, int runs, String bootTarget, String rssTarget)
            throws Exception {
        List<Boot> with = new ArrayList<>();
        List<Boot> without = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            with.add(boot(services, List.of(), Map.of()));
            without.add(boot(services, List.of(), WITHOUT_AOT));
        }
        report(results, "boot", label, with, bootTarget, rssTarget);
        double withMs = Results.median(with.stream().map(Boot::totalMs).toList());
        double withoutMs = Results.median(without.stream().map(Boot::totalMs).toList());
        results.add("boot", label + ": boot-to-ready without the AOT cache (median of " + runs + ")", withoutMs, "ms", "",
                "LAKEHOUSE_AOT=off, alternating with the runs above");
        results.add("boot", label + ": with / without the AOT cache", withMs / withoutMs, "x", "", "< 1: the cache helps");
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

    private static Boot boot(List<String> services, List<String> extraArgs, Map<String, String> environment) throws Exception {
        Path dataDir = Files.createTempDirectory("lakehouse-bench");
        int consolePort = freePort();
        List<String> args = new ArrayList<>();
        if (!services.isEmpty()) {
            args.addAll(List.of("--services", String.join(",", services)));
        }
        args.addAll(List.of("--ports", "random", "--set", "console.port=" + consolePort));
        args.addAll(extraArgs);
        URI health = URI.create("http://127.0.0.1:" + consolePort + "/health");
        long begin = System.nanoTime();
        try (LakehouseProcess lakehouse = LakehouseProcess.startWith(LakehouseProcess.java(), dataDir, environment, args.toArray(String[]::new));
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
