package dev.lakehouse.client.cli;

import dev.lakehouse.client.ApiException;
import dev.lakehouse.client.LakehouseClient;
import dev.lakehouse.client.RunningLakehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Asks the lakehouse running on the data directory how it is. */
@Command(name = "status", mixinStandardHelpOptions = true, header = "Show the running lakehouse's components.",
        description = "Shows the components of the lakehouse running on the data directory, their state and endpoints."
                + " Exit code 0 when all are ready, 1 when not, 3 when none runs there.")
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table", description = "table (default) or json.")
    String format;

    @Option(names = "--wait", paramLabel = "SECONDS", description = "Wait up to SECONDS for a lakehouse on the data directory"
            + " to be up (one starting, or about to be started by a script).")
    Integer waitSeconds;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        ClientHost host = (ClientHost) spec.root().userObject();
        long deadline = System.nanoTime() + (waitSeconds == null ? 0 : waitSeconds * 1_000_000_000L);
        Optional<RunningLakehouse> running;
        Map<String, Object> report = Map.of();
        while (true) {
            try {
                running = RunningLakehouse.find(host.dataDir());
                if (running.isPresent()) {
                    report = new LakehouseClient(running.get()).get("/api/status");
                }
            } catch (ApiException e) {
                if (System.nanoTime() >= deadline) {
                    Terminal.error(e.getMessage());
                    return ExitCodes.FAILED;
                }
                running = Optional.empty();
            }
            if (running.isPresent() && "UP".equals(report.get("status")) || System.nanoTime() >= deadline) {
                break;
            }
            Thread.sleep(250);
        }
        if (running.isEmpty()) {
            Terminal.error(waitSeconds == null ? ClientCommand.notRunning(host.dataDir()).replaceFirst(" \\(or add --start.*\\)$", "")
                    : "no lakehouse came up on " + host.dataDir() + " within " + waitSeconds + " s");
            return ExitCodes.NOT_RUNNING;
        }
        boolean up = "UP".equals(report.get("status"));
        if (format.equalsIgnoreCase("json")) {
            Terminal.OUT.println(com.fasterxml.jackson.jr.ob.JSON.std.with(com.fasterxml.jackson.jr.ob.JSON.Feature.PRETTY_PRINT_OUTPUT)
                    .asString(report));
            return up ? ExitCodes.OK : ExitCodes.FAILED;
        }
        Terminal.OUT.printf("lakehouse %s: %s (pid %s, up %s s, data %s)%n", report.get("version"), report.get("status"),
                report.get("pid"), report.get("uptimeSeconds"), report.get("dataDir"));
        Map<String, Object> services = (Map<String, Object>) report.getOrDefault("services", Map.of());
        services.forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            Terminal.OUT.printf("  %-9s %-8s %-24s %s%s%n", name, service.get("state"), service.get("description"),
                    service.getOrDefault("endpoint", ""), service.containsKey("detail") ? "  " + service.get("detail") : "");
        });
        if (report.containsKey("console")) {
            Terminal.OUT.printf("  %-9s %-8s %-24s %s%n", "console", "", "web console and API", report.get("console"));
        }
        return up ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
