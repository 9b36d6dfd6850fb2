package dev.lakehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

/** Asks a running lakehouse (found through its data directory) how it is. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the components of the lakehouse running on a data directory, their state and endpoints."
                + " Exit code 0 when all are ready, 1 when not, 3 when none runs there.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    LakehouseCli cli;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path dataDir = cli.resolvedDataDir();
        Path runFile = dataDir.resolve("run").resolve("endpoints.json");
        if (!Files.isRegularFile(runFile)) {
            Terminal.error("no lakehouse is running on " + dataDir
                    + " (no " + runFile + "); start one with: java -jar lakehouse.jar --data-dir " + dataDir);
            return ExitCodes.NOT_RUNNING;
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode run = json.readTree(runFile.toFile());
        URI status = URI.create(run.path("console").asText() + "/api/status");
        JsonNode report;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            report = json.readTree(response.body());
        } catch (ConnectException e) {
            boolean alive = ProcessHandle.of(run.path("pid").asLong()).map(ProcessHandle::isAlive).orElse(false);
            Terminal.error(alive
                    ? "the lakehouse on " + dataDir + " (pid " + run.path("pid").asLong() + ") does not answer on " + status
                    : "no lakehouse is running on " + dataDir + " (it stopped without removing " + runFile + ")");
            return alive ? ExitCodes.START_FAILED : ExitCodes.NOT_RUNNING;
        }
        Terminal.OUT.printf("lakehouse %s: %s (pid %s, up %s s, data %s)%n", report.path("version").asText(),
                report.path("status").asText(), report.path("pid").asText(), report.path("uptimeSeconds").asText(),
                report.path("dataDir").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = report.path("services").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            JsonNode s = service.getValue();
            Terminal.OUT.printf("  %-9s %-8s %-22s %s%s%n", service.getKey(), s.path("state").asText(),
                    s.path("description").asText(), s.path("endpoint").asText(),
                    s.has("detail") ? "  " + s.path("detail").asText() : "");
        }
        return "UP".equals(report.path("status").asText()) ? ExitCodes.OK : ExitCodes.START_FAILED;
    }
}
